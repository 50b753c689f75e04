package io.ticker.sim;

import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.SlowConsumer;
import io.ticker.model.TextFrameWriter;
import io.ticker.model.WireFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

/**
 * One connected consumer of the feed. A consumer that cannot keep up loses whole batches (its
 * write queue is bounded) and is disconnected when it stays behind for too long.
 */
final class FeedConsumer {

  static final long SLOW_GRACE_MS = 5_000;

  private final ServerWebSocket socket;
  private final TextFrameWriter frames;
  private final SlowConsumer backlog = new SlowConsumer(SLOW_GRACE_MS);

  /** {@code queueBytes}: unsent bytes from which the consumer counts as behind. */
  FeedConsumer(ServerWebSocket socket, int queueBytes) {
    this.socket = socket;
    this.frames = TextFrameWriter.of(socket, queueBytes);
  }

  ServerWebSocket socket() {
    return socket;
  }

  /** Queues {@code frame} unless the consumer is behind; closes it with 1013 once behind too long. */
  void offer(WireFrame frame, long nowMs) {
    if (socket.isClosed()) {
      return; // closing: its close handler is about to remove it
    }
    if (!frames.queueFull()) {
      backlog.keptUp();
      frames.write(frame);
    } else if (backlog.behindTooLong(nowMs)) {
      socket.close(CloseCode.TRY_AGAIN_LATER, "consumer too slow");
    }
  }

  /** Writes a one-off JSON document (the symbols, a snapshot) as one text frame. */
  void send(Buffer frame) {
    frames.write(frame);
  }
}
