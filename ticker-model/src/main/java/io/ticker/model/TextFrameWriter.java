package io.ticker.model;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes server text frames to one WebSocket, straight into its Netty channel just below the
 * WebSocket frame encoder: a {@link WireFrame} is already the frame's wire form (header and payload
 * in one pooled direct buffer), so a write through the channel costs a reference and a slice,
 * however many sockets the frame goes to, and a write straight to the socket (below) not even that.
 * Vert.x's own path would build a frame object, a Netty frame, a promise and a promise combiner, a
 * separate header buffer, and a direct copy of the heap payload, per frame and per socket.
 *
 * <p>The socket is written only on its event loop: its text frames and pings by this writer (a ping
 * can follow a frame in the same flush), the close and the pongs to the client's pings by Vert.x.
 * {@link #of} gives it the direct writes of Vert.x's strict thread mode ({@link EventLoopWrites}), so nothing queues above
 * the channel and the socket's backlog is the channel's: {@link #of} bounds it with the channel's
 * water marks and {@link #queueFull} reads them. A socket whose pipeline is not the expected one
 * falls back to Vert.x's path.
 *
 * <p><b>Straight to the socket.</b> On a native transport (epoll, io_uring) with no outbound handler
 * below the encoder (no TLS), a frame is sent with one {@code send()} from where it lies in memory
 * whenever nothing is queued in the channel, which is nearly always: no reference, duplicate, queue
 * entry or flush is made for it. What the kernel does not take then (its buffer is full) is written
 * to the channel as usual, and so is every frame while anything is queued there, so the bytes stay
 * in order and the backlog is the channel's, as above.
 */
public final class TextFrameWriter {

  /** A ping's payload: any client answers it with a pong of the same bytes. */
  public static final String PING_PAYLOAD = "ticker";
  /** The ping's wire form (FIN + opcode 9, length, payload), shared by every socket's pings. */
  private static final ByteBuf PING_WIRE = pingWire();

  private final WebSocketBase ws;
  /** The frame encoder's context: a write from it goes to the handlers below the encoder. */
  private final ChannelHandlerContext belowEncoder;
  private final boolean directWrites;
  /** The socket frames are sent straight to while nothing is queued in the channel, or null. */
  private final Socket socket;
  /**
   * The channel's queue of unsent writes, with {@link #socket}: the channel keeps the same one
   * for its life, so the flushes reach it in one hop rather than through context, channel and unsafe.
   */
  private final ChannelOutboundBuffer queued;

  private TextFrameWriter(WebSocketBase ws, ChannelHandlerContext belowEncoder, boolean directWrites) {
    this.ws = ws;
    this.belowEncoder = belowEncoder;
    this.directWrites = directWrites;
    this.socket = directWrites && belowEncoder != null && nothingOutboundBelow(belowEncoder) // Vert.x queues nothing above
        && belowEncoder.channel() instanceof UnixChannel unix && unix.fd() instanceof Socket fd ? fd : null;
    this.queued = socket != null ? belowEncoder.channel().unsafe().outboundBuffer() : null;
  }

  /** Whether no handler below {@code encoder} (TLS, say) must see the bytes it writes. */
  private static boolean nothingOutboundBelow(ChannelHandlerContext encoder) {
    for (Map.Entry<String, ChannelHandler> handler : encoder.pipeline()) { // from the socket up
      if (handler.getValue() == encoder.handler()) {
        return true;
      }
      if (handler.getValue() instanceof ChannelOutboundHandler) {
        return false;
      }
    }
    return false;
  }

  /**
   * The writer of {@code ws}, to be called on the socket's event loop before anything else writes
   * to it. The socket's backlog of unsent bytes counts as full from {@code queueBytes} (and as
   * drained again below half of it).
   */
  public static TextFrameWriter of(WebSocketBase ws, int queueBytes) {
    boolean direct = EventLoopWrites.install(ws);
    ws.setWriteQueueMaxSize(queueBytes);
    ChannelHandlerContext encoder = null;
    if (ws instanceof WebSocketInternal internal) {
      encoder = internal.channelHandlerContext().pipeline().context(WebSocketFrameEncoder.class);
      if (encoder != null) {
        encoder.channel().config().setWriteBufferWaterMark(new WriteBufferWaterMark(queueBytes / 2, queueBytes));
      }
    }
    return new TextFrameWriter(ws, encoder, direct);
  }

  /** Whether the socket writes straight to its channel ({@link EventLoopWrites}), with no Vert.x queue of its own. */
  public boolean directWrites() {
    return directWrites;
  }

  /** Whether frames go straight to the socket while nothing is queued (a native transport, no TLS, {@link #directWrites}). */
  public boolean sendsToSocket() {
    return socket != null;
  }

  /**
   * The slow-consumer signal: more is waiting to be written to the socket than its queue allows.
   * With direct writes that is the channel's writability alone (Vert.x's own answer is the same flag,
   * read under the socket's lock), so the flushes read one field per connection.
   */
  public boolean queueFull() {
    if (belowEncoder == null) {
      return ws.writeQueueFull();
    }
    if (queued != null) {
      return !queued.isWritable(); // the channel's own writability, one hop nearer
    }
    return !belowEncoder.channel().isWritable() || (!directWrites && ws.writeQueueFull());
  }

  /** Writes {@code frame} (only read: it may go to many sockets; the caller keeps its reference). */
  public void write(WireFrame frame) {
    write(frame, false);
  }

  /**
   * Writes {@code frame} and, with {@code thenPing}, a ping after it, in one flush: one syscall for
   * both, and the client's pong says it has read the frame.
   */
  public void write(WireFrame frame, boolean thenPing) {
    if (!thenPing && sentToSocket(frame)) {
      return; // the usual case, which reads nothing of the channel but its socket and queue
    }
    ChannelHandlerContext ctx = belowEncoder;
    if (ctx == null || ctx.isRemoved()) {
      ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) frame.payload()).getByteBuf(), true));
      if (thenPing) {
        ping();
      }
      return;
    }
    if (thenPing) {
      ctx.write(frame.retainedWire(), ctx.voidPromise());
      ctx.writeAndFlush(PING_WIRE.duplicate(), ctx.voidPromise());
    } else {
      ctx.writeAndFlush(frame.retainedWire(), ctx.voidPromise());
    }
  }

  /**
   * Sends {@code frame} straight to the socket if nothing is queued in the channel, handing the
   * channel what the kernel did not take; false when it must go through the channel whole. An open
   * socket has its pipeline: the channel removes its handlers only once the socket is closed.
   */
  private boolean sentToSocket(WireFrame frame) {
    Socket socket = this.socket;
    if (socket == null || !socket.isOpen() || queued.totalPendingWriteBytes() != 0) {
      return false;
    }
    int sent;
    try {
      sent = frame.sendTo(socket);
    } catch (IOException e) {
      return false; // the channel's own write meets the same error and closes the connection
    }
    if (sent < 0) {
      return false;
    }
    if (sent < frame.wireLength()) {
      belowEncoder.writeAndFlush(frame.retainedWire(sent), belowEncoder.voidPromise());
    }
    return true;
  }

  /** Writes a ping frame (its payload {@link #PING_PAYLOAD}), which the client answers with a pong. */
  public void ping() {
    ChannelHandlerContext ctx = belowEncoder;
    if (ctx == null || ctx.isRemoved()) {
      ws.writePing(Buffer.buffer(PING_PAYLOAD));
      return;
    }
    ctx.writeAndFlush(PING_WIRE.duplicate(), ctx.voidPromise());
  }

  private static ByteBuf pingWire() {
    byte[] payload = PING_PAYLOAD.getBytes(StandardCharsets.US_ASCII);
    ByteBuf wire = Unpooled.directBuffer(2 + payload.length).writeByte(0x89).writeByte(payload.length).writeBytes(payload);
    return Unpooled.unreleasableBuffer(wire); // never written after this: every write takes a duplicate
  }

  /** Writes {@code utf8} as one text frame (copied into a frame of its own). */
  public void write(Buffer utf8) {
    WireFrame frame = WireFrame.copyOf(utf8);
    write(frame);
    frame.release();
  }
}
