package io.ticker.service.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.NodeContext;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.cluster.Leadership;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/live}, {@code /health/ready} and {@code /metrics}: on the public port, or on the
 * management port when one is set ({@link ManagementVerticle}). Never behind a token.
 */
final class HealthRoutes {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  private static final List<String> SAMPLE_SUFFIXES = List.of("_total", "_bucket", "_count", "_sum", "_created", "_info");

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

  /**
   * Prometheus text, every meter; with {@code ?name[]=F&name[]=G…} (the Prometheus exporters' filter,
   * which a scrape job sends as {@code params}) only those families, and only they are collected and
   * rendered: a watcher that reads a few meters every second does not pay for all of them.
   */
  private void metrics(RoutingContext ctx) {
    List<String> names = ctx.queryParam("name[]");
    PrometheusMeterRegistry registry = node.registry();
    ctx.response().putHeader("content-type", PROMETHEUS_TEXT)
        .end(names.isEmpty() ? registry.scrape(PROMETHEUS_TEXT) : registry.scrape(PROMETHEUS_TEXT, families(names)));
  }

  /**
   * The families {@code names} ask for: each name as given and without a sample suffix, so that
   * {@code ticker_ticks_in_total} or {@code ticker_tick_latency_seconds_bucket} finds its family as
   * its plain name does.
   */
  private static Set<String> families(List<String> names) {
    Set<String> families = new HashSet<>();
    for (String name : names) {
      families.add(name);
      for (String suffix : SAMPLE_SUFFIXES) {
        if (name.endsWith(suffix)) {
          families.add(name.substring(0, name.length() - suffix.length()));
        }
      }
    }
    return families;
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
