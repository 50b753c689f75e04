package io.ticker.model;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
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
 * pooled direct buffer that the socket's write takes as it is. Vert.x's own path would build a
 * frame object, a Netty frame, a promise and a promise combiner, a separate header buffer, and a
 * direct copy of the heap payload, per frame and per socket.
 *
 * <pre>
 * server text frame (RFC 6455 section 5.2, unmasked):
 *   0x81 | len &lt; 126: [len] | len &lt; 65536: [126][len:16] | else: [127][len:64] | payload
 * </pre>
 *
 * Every text frame of the socket must go through this writer, so that frames keep their order:
 * Vert.x queues its writes while the socket is not writable, these go to the channel at once.
 * Control frames (ping, close) still go through Vert.x; their order relative to data is free. A
 * write from a thread other than the socket's event loop (there are none on the hot path) and a
 * socket whose pipeline is not the expected one fall back to Vert.x's path.
 */
public final class TextFrameWriter {

  private static final int FIN_TEXT = 0x81;

  private final WebSocketBase ws;
  /** The frame encoder's context: a write from it goes to the handlers below the encoder. */
  private final ChannelHandlerContext belowEncoder;

  private TextFrameWriter(WebSocketBase ws, ChannelHandlerContext belowEncoder) {
    this.ws = ws;
    this.belowEncoder = belowEncoder;
  }

  public static TextFrameWriter of(WebSocketBase ws) {
    ChannelHandlerContext encoder = null;
    if (ws instanceof WebSocketInternal internal) {
      encoder = internal.channelHandlerContext().pipeline().context(WebSocketFrameEncoder.class);
    }
    return new TextFrameWriter(ws, encoder);
  }

  /** Writes {@code utf8} as one text frame; the buffer is only read (it may be shared by many sockets). */
  public void write(Buffer utf8) {
    ChannelHandlerContext ctx = belowEncoder;
    if (ctx == null || ctx.isRemoved() || !ctx.executor().inEventLoop()) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true));
      return;
    }
    ByteBuf payload = ((BufferInternal) utf8).getByteBuf();
    int length = payload.readableBytes();
    ByteBuf frame = ctx.alloc().directBuffer(headerLength(length) + length);
    writeHeader(frame, length);
    frame.writeBytes(payload, payload.readerIndex(), length);
    ctx.writeAndFlush(frame, ctx.voidPromise());
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
