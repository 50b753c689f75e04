package io.ticker.service.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes connections that do not send a complete HTTP request in time (slowloris: a client that
 * trickles its headers to hold a socket for ever). Armed when a connection opens and again after
 * each response on a kept-alive connection; disarmed when a request's headers are complete. A
 * WebSocket upgrade disarms it for good. One per shard, used on its event loop only.
 */
public final class RequestDeadline {

  private final Vertx vertx;
  private final long timeoutMs;
  /** Remote address (unique per open connection) to its deadline timer. */
  private final Map<SocketAddress, Long> timers = new HashMap<>();

  public RequestDeadline(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  public void onConnection(HttpConnection connection) {
    // No close handler here: it would replace Vert.x's own. A connection that closes first just
    // leaves its timer to fire on a closed connection, which is harmless.
    arm(connection.remoteAddress(), connection);
  }

  /** A request's headers are in: no deadline until its response is done. */
  public void requestArrived(SocketAddress peer) {
    Long timer = timers.remove(peer);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  /** A response ended on a kept-alive connection: the next request must come in time too. */
  public void responseDone(HttpConnection connection) {
    arm(connection.remoteAddress(), connection);
  }

  private void arm(SocketAddress peer, HttpConnection connection) {
    requestArrived(peer);
    timers.put(peer, vertx.setTimer(timeoutMs, t -> {
      timers.remove(peer);
      connection.close();
    }));
  }
}
