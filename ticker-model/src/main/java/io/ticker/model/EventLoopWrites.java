package io.ticker.model;

import io.vertx.core.http.WebSocketBase;
import io.vertx.core.internal.http.WebSocketInternal;
import io.vertx.core.net.impl.VertxConnection;
import io.vertx.core.net.impl.VertxHandler;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

/**
 * Gives a WebSocket that is written only on its own event loop the write path of Vert.x's strict
 * thread mode, and with it about 5 KB less heap per connection, idle or not.
 *
 * <p>Vert.x 5.0.10 gives every connection a queue for writes from other threads (in
 * {@code VertxConnection}: an {@code OutboundMessageQueue} on Netty's MPSC queue, whose first chunk
 * holds 1,024 slots whether anything is queued or not). {@code HttpServerOptions#setStrictThreadMode}
 * replaces it with direct writes for HTTP connections, but the WebSocket connection an upgrade
 * creates always takes the queue (Vert.x builds it with the two-argument constructor). At 10,000
 * idle subscribers it was 40 % of the service's heap per connection. This swaps the queue of one
 * socket for the one strict mode uses, through the two private members below: if a Vert.x upgrade
 * renames them, {@link #install} changes nothing and says so, and {@code TextFrameWriterTest} fails.
 *
 * <p>The contract is strict mode's: every write to the socket (text frames, pings, close) runs on
 * the socket's event loop. Ticker's sockets are: each is written only by the verticle that accepted
 * it, on that verticle's event loop.
 */
public final class EventLoopWrites {

  private static final Field QUEUE;
  private static final Constructor<?> DIRECT_QUEUE;

  static {
    Field queue = null;
    Constructor<?> direct = null;
    try {
      queue = VertxConnection.class.getDeclaredField("outboundMessageQueue");
      queue.setAccessible(true);
      direct = Class.forName(VertxConnection.class.getName() + "$DirectOutboundMessageQueue")
          .getDeclaredConstructor(VertxConnection.class);
      direct.setAccessible(true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.getLogger(EventLoopWrites.class.getName()).log(System.Logger.Level.WARNING,
          "Vert.x's connection write queue is not where Vert.x 5.0.10 keeps it; WebSockets keep theirs ({0})", e.toString());
      queue = null;
      direct = null;
    }
    QUEUE = queue;
    DIRECT_QUEUE = direct;
  }

  private EventLoopWrites() {
  }

  /**
   * Gives {@code ws} direct writes on its event loop; call it on that event loop, before anything
   * else writes to the socket. Returns whether the queue was replaced (false: a socket that is not
   * a Vert.x WebSocket connection, or a Vert.x that keeps the queue elsewhere).
   */
  public static boolean install(WebSocketBase ws) {
    if (QUEUE == null || !(ws instanceof WebSocketInternal internal)
        || !(internal.channelHandlerContext().handler() instanceof VertxHandler<?> handler)) {
      return false;
    }
    VertxConnection connection = handler.getConnection();
    try {
      QUEUE.set(connection, DIRECT_QUEUE.newInstance(connection));
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }
}
