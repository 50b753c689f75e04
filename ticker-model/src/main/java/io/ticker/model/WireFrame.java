package io.ticker.model;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.unix.Socket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;

/**
 * A server text frame in its wire form: header and payload in one pooled direct buffer, built once
 * and written as it is to every socket that gets it (each write holds a reference of its own until
 * the socket has sent it). The payload is written first, after room for the longest header; the
 * header is put in front of it when the payload is complete, so nothing is copied twice.
 *
 * <pre>
 * [ unused: HEADER_ROOM - header ][ header: 0x81, length (7, 16 or 64 bits) ][ payload (UTF-8 JSON) ]
 *                                 ^ readerIndex once {@link #seal}ed         ^ HEADER_ROOM
 * </pre>
 *
 * Reference counted: whoever builds or {@link #retain}s a frame {@link #release}s it once; the
 * sockets' writes take references of their own. Event-loop confined, like the flushes that build it.
 */
public final class WireFrame {

  /** Room for the longest header: 0x81, 127, 64-bit length. */
  static final int HEADER_ROOM = 10;
  private static final int FIN_TEXT = 0x81;

  private final ByteBuf wire;
  /** The payload as a heap Buffer, made the first time something asks for it. */
  private Buffer payload;

  private WireFrame(ByteBuf wire) {
    this.wire = wire;
  }

  /**
   * A buffer to write a payload of about {@code expectedBytes} into, from {@link #HEADER_ROOM} on
   * (it grows as needed); {@link #seal} makes it a frame.
   */
  public static ByteBuf payloadBuffer(int expectedBytes) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(HEADER_ROOM + Math.max(16, expectedBytes));
    buf.writerIndex(HEADER_ROOM);
    return buf;
  }

  /**
   * {@code spare}, the buffer of an earlier frame, made ready for a new payload as {@link
   * #payloadBuffer} would be, when no one but the caller holds it any more (one reference: every
   * socket write and memo that held that frame is done with it), so the next frame is written into
   * memory the core has just used, with no allocation; otherwise its reference is released and a new
   * buffer comes. A buffer someone still holds is never written over.
   */
  public static ByteBuf payloadBuffer(int expectedBytes, ByteBuf spare) {
    if (spare == null) {
      return payloadBuffer(expectedBytes);
    }
    if (spare.refCnt() != 1) {
      spare.release();
      return payloadBuffer(expectedBytes);
    }
    spare.clear().writerIndex(HEADER_ROOM);
    return spare;
  }

  /** The frame of the payload written into {@code buf} (from {@link #payloadBuffer}); takes over its reference. */
  public static WireFrame seal(ByteBuf buf) {
    int length = buf.writerIndex() - HEADER_ROOM;
    int start = HEADER_ROOM - headerLength(length);
    buf.readerIndex(start);
    buf.setByte(start, FIN_TEXT);
    if (length < 126) {
      buf.setByte(start + 1, length);
    } else if (length < 65536) {
      buf.setByte(start + 1, 126);
      buf.setShort(start + 2, length);
    } else {
      buf.setByte(start + 1, 127);
      buf.setLong(start + 2, length);
    }
    return new WireFrame(buf);
  }

  /** The frame of {@code payload}'s bytes (copied: {@code payload} stays the caller's). */
  public static WireFrame copyOf(Buffer payload) {
    ByteBuf bytes = ((BufferInternal) payload).getByteBuf();
    ByteBuf buf = payloadBuffer(bytes.readableBytes());
    buf.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
    return seal(buf);
  }

  static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
  }

  /** Header and payload, as one new reference for a socket's write (which releases it once sent). */
  public ByteBuf retainedWire() {
    return retainedWire(0);
  }

  /**
   * The wire form from byte {@code offset} on, as one new reference for a socket's write: the rest
   * of a frame whose first {@code offset} bytes were {@link #sendTo sent} already.
   */
  public ByteBuf retainedWire(int offset) {
    return wire.retainedSlice(wire.readerIndex() + offset, wire.readableBytes() - offset);
  }

  /** Header and payload: the bytes a socket is sent. */
  public int wireLength() {
    return wire.readableBytes();
  }

  /**
   * Sends the wire form to {@code socket} in one {@code send()}, from where it is in memory (no
   * reference, copy or queue entry is made); returns the bytes the kernel took, 0 when the socket's
   * buffer is full, or -1 when this frame's memory has no address to send from.
   */
  public int sendTo(Socket socket) throws IOException {
    if (!wire.hasMemoryAddress()) {
      return -1;
    }
    return socket.sendAddress(wire.memoryAddress(), wire.readerIndex(), wire.writerIndex());
  }

  public int payloadLength() {
    return wire.writerIndex() - HEADER_ROOM;
  }

  /** Byte {@code index} of the payload. */
  public byte payloadByte(int index) {
    return wire.getByte(HEADER_ROOM + index);
  }

  /**
   * The payload as a heap Buffer, for what does not take the wire form (an SSE stream, an HTTP body):
   * copied once per frame, then shared read-only by every reader, like the frame itself. It stays
   * valid after the frame is released.
   */
  public Buffer payload() {
    if (payload == null) {
      byte[] bytes = new byte[payloadLength()];
      wire.getBytes(HEADER_ROOM, bytes);
      payload = Buffer.buffer(bytes);
    }
    return payload;
  }

  public WireFrame retain() {
    wire.retain();
    return this;
  }

  public void release() {
    wire.release();
  }

  /** References held (for tests). */
  public int refCnt() {
    return wire.refCnt();
  }
}
