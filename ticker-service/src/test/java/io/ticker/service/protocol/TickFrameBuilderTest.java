package io.ticker.service.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.buffer.ByteBuf;
import io.ticker.model.WireFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The builder writes each frame into the last one's buffer once nobody holds that frame any more,
 * and never while a socket's pending write or a memo still does: what they send is the frame they
 * were given.
 */
class TickFrameBuilderTest {

  private final TickFrameBuilder builder = new TickFrameBuilder();

  private WireFrame update(String... ticks) {
    TickFrameBuilder frame = builder.beginUpdate(ticks.length);
    for (String tick : ticks) {
      byte[] json = tick.getBytes(StandardCharsets.UTF_8);
      frame.add(json, 0, json.length);
    }
    return frame.finish();
  }

  private static String text(ByteBuf wire) {
    return wire.toString(wire.readerIndex() + 2, wire.readableBytes() - 2, StandardCharsets.UTF_8); // past a 2-byte header
  }

  @Test
  void aFrameStillHeldByAWriteOrAMemoKeepsItsBytesWhileTheNextFramesAreBuilt() {
    WireFrame first = update("{\"s\":\"A\",\"seq\":1}");
    ByteBuf pendingWrite = first.retainedWire(); // a socket that could not take it all yet
    WireFrame memo = first.retain(); // and a shared subscription's memo
    first.release(); // the flush is done with it

    WireFrame second = update("{\"s\":\"B\",\"seq\":2}");
    second.release();
    memo.release();
    WireFrame third = update("{\"s\":\"C\",\"seq\":3}"); // now only the write holds the first frame

    assertEquals("{\"type\":\"update\",\"ticks\":[{\"s\":\"A\",\"seq\":1}]}", text(pendingWrite),
        "the bytes a pending write sends are those of the frame it was given");
    ByteBuf thirdWire = third.retainedWire();
    assertEquals("{\"type\":\"update\",\"ticks\":[{\"s\":\"C\",\"seq\":3}]}", text(thirdWire));
    assertNotEquals(pendingWrite.memoryAddress(), thirdWire.memoryAddress(), "a held frame's memory is not reused");
    pendingWrite.release();
    thirdWire.release();
    third.release();
    assertEquals(0, memo.refCnt(), "the first frame's memory went back once its last holder let go");
    builder.releaseSpare();
    assertEquals(0, third.refCnt(), "and the builder lets go of its spare when its shard stops");
  }

  @Test
  void aFrameNobodyHoldsAnyMoreIsBuiltIntoTheSameMemoryWithNothingLeftOfIt() {
    WireFrame longer = update("{\"s\":\"A\",\"seq\":1,\"price\":\"43250.12\"}", "{\"s\":\"B\",\"seq\":1}");
    ByteBuf sent = longer.retainedWire();
    long address = sent.memoryAddress();
    sent.release(); // the socket took it all
    longer.release();

    WireFrame shorter = update("{\"s\":\"C\",\"seq\":2}");
    ByteBuf wire = shorter.retainedWire();
    assertEquals(address, wire.memoryAddress(), "written where the last frame was: no allocation, cache-hot memory");
    assertEquals("{\"type\":\"update\",\"ticks\":[{\"s\":\"C\",\"seq\":2}]}", text(wire), "and only the new frame's bytes");
    assertEquals(shorter.payloadLength() + 2, wire.readableBytes());
    wire.release();
    shorter.release();
    builder.releaseSpare();
  }

  @Test
  void aBufferPastTheSpareLimitGoesBackToThePoolWithItsFrame() {
    String tick = "{\"s\":\"" + "x".repeat(1000) + "\"}";
    String[] ticks = new String[TickFrameBuilder.SPARE_MAX_BYTES / tick.length() + 1];
    java.util.Arrays.fill(ticks, tick);
    WireFrame snapshot = update(ticks);
    snapshot.release();
    assertEquals(0, snapshot.refCnt(), "a full snapshot's buffer is not kept for the small updates after it");
  }
}
