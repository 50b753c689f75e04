package io.ticker.service.http;

import io.ticker.service.NodeContext;
import io.ticker.service.cluster.Leadership;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.cache.SymbolDirectory;
import io.ticker.service.fanout.Shard;
import io.ticker.service.protocol.TickFrameBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.ArrayList;
import java.util.List;

/** The HTTP side of a shard (SPEC: HTTP on the same port), served from that shard's own cache. */
public final class HttpRoutes {

  private final NodeContext node;
  private final Shard shard;

  private HttpRoutes(NodeContext node, Shard shard) {
    this.node = node;
    this.shard = shard;
  }

  public static Router create(Vertx vertx, NodeContext node, Shard shard) {
    HttpRoutes routes = new HttpRoutes(node, shard);
    Router router = Router.router(vertx);
    router.get("/api/symbols").handler(routes::symbols);
    router.get("/api/snapshot").handler(routes::snapshot);
    router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP").put("node", node.nodeId())));
    router.get("/health/ready").handler(routes::ready);
    router.get("/metrics").handler(routes::metrics);
    // Browser libraries come from WebJars on the classpath (e.g. /webjars/uplot/1.6.30/dist/uPlot.iife.min.js).
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return router;
  }

  private void symbols(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json")
        .end(Buffer.buffer("{\"symbols\":" + SyncReply.symbolsJson(shard.directory().infos()) + "}"));
  }

  /** {@code ?symbols=A,B} or every symbol; unknown symbols are a 404 naming them. */
  private void snapshot(RoutingContext ctx) {
    SymbolDirectory directory = shard.directory();
    LastValueCache cache = shard.cache();
    List<Integer> ids = new ArrayList<>();
    String param = ctx.request().getParam("symbols");
    if (param == null || param.isBlank() || param.equals("*")) {
      for (int id = 0; id < directory.size(); id++) {
        ids.add(id);
      }
    } else {
      List<String> unknown = new ArrayList<>();
      for (String symbol : param.split(",")) {
        int id = directory.find(symbol.trim());
        if (id < 0) {
          unknown.add(symbol.trim());
        } else {
          ids.add(id);
        }
      }
      if (!unknown.isEmpty()) {
        json(ctx, 404, new JsonObject().put("code", "UNKNOWN_SYMBOL").put("message", "unknown symbols: " + String.join(",", unknown)));
        return;
      }
    }
    TickFrameBuilder body = shard.frameBuilder().beginRestSnapshot(ids.size());
    for (int id : ids) {
      TickEvent tick = cache.latest(id);
      if (tick != null) {
        body.add(tick);
      }
    }
    ctx.response().putHeader("content-type", "application/json").end(body.finish());
  }

  /**
   * Ready = the feed is live here, which a node only hears after it has the leader's snapshot of
   * every symbol (see TickRelayVerticle), so a ready node serves correct snapshots.
   */
  private void ready(RoutingContext ctx) {
    FeedStatus feed = shard.feedStatus();
    boolean ready = feed.live() && shard.directory().size() > 0;
    Leadership leadership = node.leadership();
    JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN")
        .put("node", node.nodeId()).put("feed", feed.word()).put("since", feed.since())
        .put("symbols", shard.directory().size())
        .put("cluster", new JsonObject().put("enabled", leadership.clustered()).put("members", leadership.members())
            .put("leader", leadership.leaderId()).put("isLeader", leadership.isLeader()));
    if (!ready) {
      body.put("reason", feed.live() ? "no symbols yet" : "feed is stale");
    }
    json(ctx, ready ? 200 : 503, body);
  }

  private void metrics(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(node.registry().scrape());
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

}
