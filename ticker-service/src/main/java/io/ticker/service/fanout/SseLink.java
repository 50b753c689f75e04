package io.ticker.service.fanout;

import io.netty.channel.Channel;
import io.ticker.model.WireFrame;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.FrameType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.HttpServerConnection;
import java.nio.charset.StandardCharsets;

/**
 * A {@link ClientLink} over a {@code text/event-stream} response (chunked HTTP/1.1). Each frame is
 * written as {@code event: <type>\ndata: <frame JSON>\n\n} in three writes: a static prefix for the
 * type, the frame's payload (a {@link WireFrame}'s wire form is a WebSocket frame's: its payload is
 * copied out once per frame and shared by every stream) and a static {@code \n\n}. The frames are
 * single-line JSON, so one {@code data:} line holds each.
 *
 * <p>Only {@code snapshot}, {@code update}, {@code status} and {@code error} frames are carried:
 * replies to ops ({@code subscribed}, {@code welcome}…) have no place on a one-way stream. The
 * type is read from the frame's first bytes: every frame starts {@code {"type":"<type>"}.
 */
final class SseLink implements ClientLink {

  private static final long HARD_CLOSE_MS = 2000;
  private static final Buffer END_OF_EVENT = Buffer.buffer("\n\n");
  private static final Buffer KEEP_ALIVE = Buffer.buffer(":\n\n");
  private static final Buffer TYPE_HEAD = Buffer.buffer("{\"type\":\"");
  private static final FrameType[] CARRIED = {FrameType.UPDATE, FrameType.SNAPSHOT, FrameType.STATUS, FrameType.ERROR};
  private static final byte[][] WIRES = new byte[CARRIED.length][];
  private static final Buffer[] PREFIXES = new Buffer[CARRIED.length];

  static {
    for (int t = 0; t < CARRIED.length; t++) {
      WIRES[t] = CARRIED[t].wire().getBytes(StandardCharsets.US_ASCII);
      PREFIXES[t] = Buffer.buffer("event: " + CARRIED[t].wire() + "\ndata: ");
    }
  }

  private final HttpServerResponse response;
  private final HttpConnection connection;
  private final Vertx vertx;
  private final String peer;
  private boolean ended;

  SseLink(HttpServerResponse response, HttpConnection connection, Vertx vertx, String peer) {
    this.response = response;
    this.connection = connection;
    this.vertx = vertx;
    this.peer = peer;
  }

  /** The event prefix for {@code frame}'s type, or null when the stream does not carry it; allocates nothing. */
  static Buffer prefixOf(WireFrame frame) {
    int start = TYPE_HEAD.length();
    if (frame.payloadLength() <= start) {
      return null;
    }
    for (int i = 0; i < start; i++) {
      if (frame.payloadByte(i) != TYPE_HEAD.getByte(i)) {
        return null;
      }
    }
    for (int t = 0; t < CARRIED.length; t++) {
      byte[] wire = WIRES[t];
      if (frame.payloadLength() > start + wire.length && frame.payloadByte(start + wire.length) == '"' && matches(frame, start, wire)) {
        return PREFIXES[t];
      }
    }
    return null;
  }

  private static boolean matches(WireFrame frame, int at, byte[] wire) {
    for (int i = 0; i < wire.length; i++) {
      if (frame.payloadByte(at + i) != wire[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void send(WireFrame frame) {
    Buffer prefix = prefixOf(frame);
    if (prefix != null && !isClosed()) {
      response.write(prefix);
      response.write(frame.payload());
      response.write(END_OF_EVENT);
    }
  }

  @Override
  public boolean writeQueueFull() {
    return response.writeQueueFull();
  }

  /**
   * A slow consumer is hung up on at once (it would not read the end of the stream either); any
   * other close ends the response, and hangs up if that could not get out in time.
   */
  @Override
  public void close(short code, String reason) {
    if (isClosed()) {
      return;
    }
    ended = true;
    if (code == CloseCode.TRY_AGAIN_LATER) {
      hangUp();
      return;
    }
    response.end();
    vertx.setTimer(HARD_CLOSE_MS, t -> hangUp());
  }

  private void hangUp() {
    if (connection instanceof HttpServerConnection internal) {
      Channel channel = internal.channelHandlerContext().channel();
      if (channel.isActive()) {
        channel.pipeline().firstContext().close();
      }
    }
  }

  @Override
  public boolean isClosed() {
    return ended || response.ended() || response.closed();
  }

  @Override
  public boolean twoWay() {
    return false;
  }

  @Override
  public void ping() {
    if (!isClosed()) {
      response.write(KEEP_ALIVE);
    }
  }

  @Override
  public String peer() {
    return peer;
  }
}
