package io.ticker.service.http;

import io.ticker.service.bus.Topic;
import io.ticker.service.NodeContext;
import io.ticker.service.bus.FeedStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

/**
 * The management listener ({@code --management-port}, on {@code --management-host}, loopback by
 * default): {@code /metrics} and {@code /health/*}, which then leave the public port. It follows
 * the node's feed status and universe from the relay's node-local messages, as the shards do.
 */
public final class ManagementVerticle extends VerticleBase {

  private final NodeContext node;
  private FeedStatus feed = FeedStatus.stale(System.currentTimeMillis());
  private int symbols;
  private HttpServer server;

  public ManagementVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Topic.LOCAL_FEED_STATUS.subscribe(vertx.eventBus(), status -> feed = status);
    Topic.LOCAL_SYMBOLS.subscribe(vertx.eventBus(), universe -> symbols = Math.max(symbols, universe.symbols().size()));
    Router router = Router.router(vertx);
    HealthRoutes.mount(router, node, () -> feed, () -> symbols);
    server = vertx.createHttpServer(new HttpServerOptions()
        .setHost(node.config().exposure().managementHost())
        .setPort(node.config().exposure().managementPort()));
    return server.requestHandler(router).listen();
  }

  public int actualPort() {
    return server.actualPort();
  }
}
