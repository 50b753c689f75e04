package io.ticker.model;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * Writes server text frames of already-encoded UTF-8 to one WebSocket, straight into its Netty
 * channel just below the WebSocket frame encoder: the frame header and the payload go into one
 * pooled direct buffer (the frame's wire form) that the socket's write takes as it is. Vert.x's own
 * path would build a frame object, a Netty frame, a promise and a promise combiner, a separate
 * header buffer, and a direct copy of the heap payload, per frame and per socket.
 *
 * <p>A frame shared by many sockets is written to them one after the other (a flush walks the
 * connections that hold it), so each event loop keeps the wire form of the frame it wrote last:
 * the same Buffer again costs a reference count, not a copy. The wire form is released when the
 * loop writes another frame (the writes still in flight hold their own references).
 *
 * <pre>
 * server text frame (RFC 6455 section 5.2, unmasked):
 *   0x81 | len &lt; 126: [len] | len &lt; 65536: [126][len:16] | else: [127][len:64] | payload
 * </pre>
 *
 * Every text frame of the socket must go through this writer, so that frames keep their order:
 * Vert.x queues its writes while the socket is not writable, these go to the channel at once. So
 * the socket's backlog is the channel's: {@link #of} bounds it with the channel's water marks and
 * {@link #queueFull} reads them (Vert.x's own queue holds only its control frames).
 * Control frames (ping, close) still go through Vert.x; their order relative to data is free. A
 * write from a thread other than the socket's event loop (there are none on the hot path) and a
 * socket whose pipeline is not the expected one fall back to Vert.x's path.
 */
public final class TextFrameWriter {

  private static final int FIN_TEXT = 0x81;

  /** The frame an event loop wrote last (its payload, by identity) and its wire form. */
  private static final class LastWritten {
    Buffer payload;
    ByteBuf wire;
  }

  private static final FastThreadLocal<LastWritten> LAST = new FastThreadLocal<>() {
    @Override
    protected LastWritten initialValue() {
      return new LastWritten();
    }
  };

  private final WebSocketBase ws;
  /** The frame encoder's context: a write from it goes to the handlers below the encoder. */
  private final ChannelHandlerContext belowEncoder;

  private TextFrameWriter(WebSocketBase ws, ChannelHandlerContext belowEncoder) {
    this.ws = ws;
    this.belowEncoder = belowEncoder;
  }

  /**
   * The writer of {@code ws}, whose backlog of unsent bytes counts as full from {@code queueBytes}
   * (and as drained again below half of it).
   */
  public static TextFrameWriter of(WebSocketBase ws, int queueBytes) {
    ws.setWriteQueueMaxSize(queueBytes);
    ChannelHandlerContext encoder = null;
    if (ws instanceof WebSocketInternal internal) {
      encoder = internal.channelHandlerContext().pipeline().context(WebSocketFrameEncoder.class);
      if (encoder != null) {
        encoder.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(queueBytes / 2, queueBytes));
      }
    }
    return new TextFrameWriter(ws, encoder);
  }

  /** The slow-consumer signal: more is waiting to be written to the socket than its queue allows. */
  public boolean queueFull() {
    return (belowEncoder != null && !belowEncoder.channel().isWritable()) || ws.writeQueueFull();
  }

  /** Writes {@code utf8} as one text frame; the buffer is only read (it may be shared by many sockets). */
  public void write(Buffer utf8) {
    ChannelHandlerContext ctx = belowEncoder;
    if (ctx == null || ctx.isRemoved() || !ctx.executor().inEventLoop()) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true));
      return;
    }
    LastWritten last = LAST.get();
    if (last.payload != utf8) {
      if (last.wire != null) {
        last.wire.release();
      }
      last.wire = wireForm(utf8);
      last.payload = utf8;
    }
    ctx.writeAndFlush(last.wire.retainedDuplicate(), ctx.voidPromise());
  }

  private static ByteBuf wireForm(Buffer utf8) {
    ByteBuf payload = ((BufferInternal) utf8).getByteBuf();
    int length = payload.readableBytes();
    ByteBuf wire = PooledByteBufAllocator.DEFAULT.directBuffer(headerLength(length) + length);
    writeHeader(wire, length);
    wire.writeBytes(payload, payload.readerIndex(), length);
    return wire;
  }

  static int headerLength(int payloadLength) {
    return payloadLength < 126 ? 2 : payloadLength < 65536 ? 4 : 10;
  }

  static void writeHeader(ByteBuf out, int payloadLength) {
    out.writeByte(FIN_TEXT);
    if (payloadLength < 126) {
      out.writeByte(payloadLength);
    } else if (payloadLength < 65536) {
      out.writeByte(126);
      out.writeShort(payloadLength);
    } else {
      out.writeByte(127);
      out.writeLong(payloadLength);
    }
  }
}
