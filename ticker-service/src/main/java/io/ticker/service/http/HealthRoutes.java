package io.ticker.service.http;

import io.ticker.service.NodeContext;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.cluster.Leadership;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}: on the public port, or on the
 * management port when one is set ({@link ManagementVerticle}). Never behind a token.
 */
final class HealthRoutes {

  private final NodeContext node;
  private final Supplier<FeedStatus> feed;
  private final IntSupplier symbols;

  private HealthRoutes(NodeContext node, Supplier<FeedStatus> feed, IntSupplier symbols) {
    this.node = node;
    this.feed = feed;
    this.symbols = symbols;
  }

  static void mount(Router router, NodeContext node, Supplier<FeedStatus> feed, IntSupplier symbols) {
    HealthRoutes routes = new HealthRoutes(node, feed, symbols);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP").put("node", node.nodeId())));
    router.get("/health/ready").handler(routes::ready);
    router.get("/metrics").handler(routes::metrics);
  }

  /**
   * Ready = the feed is live here, which a node only hears after it has the leader's snapshot of
   * every symbol (see TickRelayVerticle), so a ready node serves correct snapshots; never while it
   * sees fewer than --cluster-min-members (then it has no leader, and its feed is stale).
   */
  private void ready(RoutingContext ctx) {
    FeedStatus status = feed.get();
    int known = symbols.getAsInt();
    Leadership leadership = node.leadership();
    boolean ready = status.live() && known > 0 && leadership.quorate();
    JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN")
        .put("node", node.nodeId()).put("feed", status.word()).put("since", status.since())
        .put("symbols", known)
        .put("cluster", new JsonObject().put("enabled", leadership.clustered()).put("members", leadership.members())
            .put("minMembers", leadership.minMembers()).put("leader", leadership.leaderId()).put("isLeader", leadership.isLeader()));
    if (!ready) {
      body.put("reason", !leadership.quorate()
          ? "sees " + leadership.members() + " cluster members, fewer than --cluster-min-members " + leadership.minMembers()
          : status.live() ? "no symbols yet" : "feed is stale");
    }
    json(ctx, ready ? 200 : 503, body);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(node.registry().scrape());
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
