package io.ticker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A frame's wire form, read back by Netty's own client-side frame decoder, and its references. */
class WireFrameTest {

  @Test
  void everyLengthClassDecodesAsOneTextFrameWithThePayloadIntact() {
    for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
      String text = "x".repeat(length - Math.min(length, 3)) + "é".repeat(Math.min(length, 3) / 2);
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteBuf buf = WireFrame.payloadBuffer(16); // smaller than most payloads: it has to grow
      buf.writeBytes(payload);
      WireFrame frame = WireFrame.seal(buf);
      assertEquals(payload.length, frame.payloadLength());
      assertEquals(text, frame.payload().toString(StandardCharsets.UTF_8));
      assertSame(frame.payload(), frame.payload(), "the heap payload is copied once per frame, then shared");

      // What a client's decoder makes of it: unmasked frames expected from a server.
      EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
      ByteBuf wire = frame.retainedWire();
      assertEquals(WireFrame.headerLength(payload.length) + payload.length, wire.readableBytes(), "wire length for " + length);
      client.writeInbound(wire);
      TextWebSocketFrame decoded = client.readInbound();
      assertTrue(decoded.isFinalFragment());
      assertEquals(text, decoded.text(), "payload of " + length + " bytes");
      decoded.release();
      Object more = client.readInbound();
      assertNull(more, "exactly one frame");
      client.finishAndReleaseAll();
      frame.release();
      assertEquals(0, frame.refCnt(), "released by its builder and by the socket's write");
    }
  }

  @Test
  void aFeedFrameIsWrittenStraightIntoItsWireFormAndReadsBackTheSame() throws Exception {
    for (int count : new int[] {0, 1, 2_000}) { // 2,000 ticks: far past the room asked for at first
      java.util.List<Tick> ticks = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        ticks.add(new Tick("SYM-" + i, i + 1, 1_700_000_000_000L + i, "101.25", "101.20", "101.30", "0.5",
            "100.00", "102.00", "99.50", "12345.6", "1.25", "1.25"));
      }
      FeedFrame sent = FeedFrame.ticks(ticks);
      WireFrame frame = Wire.feedWireFrame(sent);
      byte[] expected = Wire.feedFrameBytes(sent);
      assertEquals(expected.length, frame.payloadLength(), count + " ticks");
      EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
      client.writeInbound(frame.retainedWire());
      TextWebSocketFrame decoded = client.readInbound();
      assertEquals(new String(expected, StandardCharsets.UTF_8), decoded.text(), "the mapper's own bytes, in one text frame");
      assertEquals(sent, Wire.readFeedFrame(decoded.text().getBytes(StandardCharsets.UTF_8)));
      decoded.release();
      client.finishAndReleaseAll();
      frame.release();
      assertEquals(0, frame.refCnt());
    }
  }

  @Test
  void aFrameOutlivesItsBuilderWhileAWriteStillHoldsIt() {
    WireFrame frame = WireFrame.copyOf(Buffer.buffer("{\"type\":\"update\"}"));
    ByteBuf pendingWrite = frame.retainedWire();
    frame.retain(); // a memo's reference
    frame.release(); // the builder's
    frame.release(); // the memo's
    assertEquals(1, frame.refCnt(), "the write still holds it");
    assertEquals(0x81, pendingWrite.getUnsignedByte(pendingWrite.readerIndex()));
    assertEquals("{\"type\":\"update\"}", pendingWrite.toString(pendingWrite.readerIndex() + 2, 17, StandardCharsets.UTF_8));
    pendingWrite.release(); // the socket sent it
    assertEquals(0, frame.refCnt());
  }
}
