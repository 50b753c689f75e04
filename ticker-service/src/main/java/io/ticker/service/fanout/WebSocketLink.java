package io.ticker.service.fanout;

import io.netty.channel.Channel;
import io.ticker.model.TextFrameWriter;
import io.ticker.model.WireFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.WebSocketInternal;

/** A {@link ClientLink} over a WebSocket: text frames, pings, close codes. */
final class WebSocketLink implements ClientLink {

  private static final long HARD_CLOSE_MS = 2000;

  private final ServerWebSocket ws;
  private final TextFrameWriter frames;
  private final Vertx vertx;
  /**
   * The peer's close frame came (Vert.x calls the end handler as it takes it), or we closed: no more
   * frames. A field the flushes read, rather than Vert.x's {@code isClosed()}, which takes the socket's
   * lock; a connection that ends without a close frame leaves its shard through the close handler.
   */
  private boolean ended;

  /** {@code queueBytes}: unsent bytes from which the client counts as behind (--write-queue-bytes). */
  WebSocketLink(ServerWebSocket ws, Vertx vertx, int queueBytes) {
    this.ws = ws;
    this.frames = TextFrameWriter.of(ws, queueBytes);
    this.vertx = vertx;
    ws.endHandler(v -> ended = true);
  }

  @Override
  public void send(WireFrame frame) {
    frames.write(frame);
  }

  @Override
  public void sendThenPing(WireFrame frame) {
    frames.write(frame, true);
  }

  @Override
  public boolean writeQueueFull() {
    return frames.queueFull();
  }

  @Override
  public void close(short code, String reason) {
    ended = true;
    ws.close(code, reason);
    vertx.setTimer(HARD_CLOSE_MS, t -> hangUp());
  }

  /**
   * A peer that does not read never reads our close frame either, and the close handshake (and
   * Vert.x's closing timeout, which starts once the frame is out) would wait on it for ever: after
   * a short wait the TCP connection is simply closed, so its memory is released.
   */
  private void hangUp() {
    if (ws instanceof WebSocketInternal internal) {
      Channel channel = internal.channelHandlerContext().channel();
      if (channel.isActive()) {
        // From the head of the pipeline: handlers that wait for the close frame to go out first
        // would wait for ever on this peer.
        channel.pipeline().firstContext().close();
      }
    }
  }

  @Override
  public boolean isClosed() {
    return ended;
  }

  @Override
  public boolean twoWay() {
    return true;
  }

  @Override
  public void ping() {
    frames.ping();
  }

  @Override
  public String peer() {
    return ws.remoteAddress() == null ? null : ws.remoteAddress().toString();
  }
}
