package io.ticker.service.fanout;

import io.ticker.model.WireFrame;

/**
 * The transport under a {@link ClientSession}: a WebSocket ({@link WebSocketLink}) or a
 * server-sent event stream ({@link SseLink}). The session's protocol logic and the
 * {@link IntervalGroup} flushes are the same for both; only how a frame leaves differs.
 */
interface ClientLink {

  /** Writes one frame, which may go to many connections: it is only read, and the caller keeps its reference. */
  void send(WireFrame frame);

  /** The slow-consumer signal: more is queued for this client than the configured write queue. */
  boolean writeQueueFull();

  /** Ends the connection (a WebSocket close code and reason; an SSE stream simply ends). */
  void close(short code, String reason);

  boolean isClosed();

  /**
   * Whether the client talks back (ops, pongs): then pings double as a lag probe and silence means
   * idle. An SSE client never does: its lag shows only as a full write queue.
   */
  boolean twoWay();

  /** A keep-alive: a WebSocket ping (answered with a pong), an SSE {@code :} comment line. */
  void ping();

  /** {@link #send} then {@link #ping}, in one flush where the transport can (a WebSocket: one syscall). */
  default void sendThenPing(WireFrame frame) {
    send(frame);
    ping();
  }

  /** The client's address, host:port, for logs. */
  String peer();
}
