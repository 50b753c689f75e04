package io.ticker.service.protocol;

import io.netty.buffer.ByteBuf;
import io.ticker.model.WireFrame;
import io.ticker.model.protocol.FrameType;
import io.ticker.service.bus.TickEvent;
import java.nio.charset.StandardCharsets;

/**
 * Assembles a {@code snapshot} or {@code update} frame (or the REST snapshot body) by copying the ticks' pre-encoded JSON:
 * no tick is serialised here, and each tick's bytes are copied once, straight into the frame's wire
 * form ({@link WireFrame}). One builder per shard is reused frame after frame; each finished frame
 * is then shared, read-only, by every connection it is written to. The builder keeps the last
 * frame's buffer and writes the next frame into it once no one else holds it, so a flush of unique
 * frames sent straight to their sockets writes each into the same, cache-hot memory.
 */
public final class TickFrameBuilder {

  private static final byte[] UPDATE_HEAD = ("{\"type\":\"" + FrameType.UPDATE.wire() + "\",\"ticks\":[").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SNAPSHOT_HEAD = ("{\"type\":\"" + FrameType.SNAPSHOT.wire() + "\",\"ticks\":[").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] REST_HEAD = "{\"ticks\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = "]}".getBytes(StandardCharsets.US_ASCII);
  private static final int TYPICAL_TICK_BYTES = 256;

  /** A spare is kept only up to this size: a full snapshot's buffer is not held for the updates after it. */
  static final int SPARE_MAX_BYTES = 64 * 1024;

  private ByteBuf frame;
  private int count;
  /**
   * The last frame's buffer, with a reference of the builder's own: the next frame is written into it
   * if by then nobody else holds it (the usual case for a frame sent straight to one socket), else it
   * is let go ({@link WireFrame#payloadBuffer(int, ByteBuf)}).
   */
  private ByteBuf spare;

  public TickFrameBuilder beginUpdate(int expectedTicks) {
    return begin(UPDATE_HEAD, expectedTicks);
  }

  public TickFrameBuilder beginSnapshot(int expectedTicks) {
    return begin(SNAPSHOT_HEAD, expectedTicks);
  }

  /** The body of {@code GET /api/snapshot}: the same tick bytes, without a frame type. */
  public TickFrameBuilder beginRestSnapshot(int expectedTicks) {
    return begin(REST_HEAD, expectedTicks);
  }

  private TickFrameBuilder begin(byte[] head, int expectedTicks) {
    frame = WireFrame.payloadBuffer(head.length + TAIL.length + Math.max(1, expectedTicks) * TYPICAL_TICK_BYTES, spare);
    spare = null;
    frame.writeBytes(head);
    count = 0;
    return this;
  }

  public void add(TickEvent tick) {
    byte[] json = tick.json();
    add(json, 0, json.length);
  }

  /** Adds a tick by its JSON bytes, {@code length} of them from {@code offset} in {@code bytes}. */
  public void add(byte[] bytes, int offset, int length) {
    if (count++ > 0) {
      frame.writeByte(',');
    }
    frame.writeBytes(bytes, offset, length);
  }

  public int count() {
    return count;
  }

  /** Lets go of the last frame's buffer (a builder that will build no more: its shard stopped). */
  public void releaseSpare() {
    if (spare != null) {
      spare.release();
      spare = null;
    }
  }

  /** The finished frame, with one reference for the caller to {@link WireFrame#release}. */
  public WireFrame finish() {
    frame.writeBytes(TAIL);
    if (frame.capacity() <= SPARE_MAX_BYTES) {
      spare = frame.retain();
    }
    WireFrame done = WireFrame.seal(frame);
    frame = null;
    return done;
  }
}
