package io.ticker.service.edge;

import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.net.SocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Closes connections that do not send a complete HTTP request in time (slowloris: a client that
 * trickles its headers to hold a socket for ever). Armed when a connection opens and again after
 * each response on a kept-alive connection; disarmed when a request's headers are complete. A
 * WebSocket upgrade disarms it for good. The deadline is a task on the connection's own Netty
 * event loop, and the close is the TCP connection's: {@link HttpConnection#close()} is a graceful
 * shutdown that waits for the request under way, which is what a slowloris never finishes.
 * One per shard, used on its event loop only.
 */
public final class RequestDeadline {

  private final long timeoutMs;
  /** Remote address (unique per open connection) to its deadline. */
  private final Map<SocketAddress, ScheduledFuture<?>> deadlines = new HashMap<>();

  public RequestDeadline(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  public void onConnection(HttpConnection connection) {
    if (connection instanceof HttpServerConnection internal) {
      SocketAddress peer = connection.remoteAddress();
      // A connection that goes away first takes its deadline with it (one listener per connection,
      // not per request: a kept-alive connection is re-armed after every response).
      internal.channelHandlerContext().channel().closeFuture().addListener(f -> requestArrived(peer));
    }
    arm(connection);
  }

  /** A request's headers are in: no deadline until its response is done. */
  public void requestArrived(SocketAddress peer) {
    ScheduledFuture<?> deadline = deadlines.remove(peer);
    if (deadline != null) {
      deadline.cancel(false);
    }
  }

  /** A response ended on a kept-alive connection: the next request must come in time too. */
  public void responseDone(HttpConnection connection) {
    arm(connection);
  }

  private void arm(HttpConnection connection) {
    if (!(connection instanceof HttpServerConnection internal)) {
      return;
    }
    SocketAddress peer = connection.remoteAddress();
    requestArrived(peer);
    Channel channel = internal.channelHandlerContext().channel();
    // Not checked for isActive: Vert.x hands out the connection while the pipeline is still being set up.
    ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
      deadlines.remove(peer);
      channel.close();
    }, timeoutMs, TimeUnit.MILLISECONDS);
    deadlines.put(peer, deadline);
  }
}
