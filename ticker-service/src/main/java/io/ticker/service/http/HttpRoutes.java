package io.ticker.service.http;

import io.ticker.model.WireFrame;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.Limits;
import io.ticker.model.protocol.Timeframe;
import io.ticker.service.NodeContext;
import io.ticker.service.auth.AuthFailure;
import io.ticker.service.auth.Grants;
import io.ticker.service.auth.Identity;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.fanout.ResolvedSymbols;
import io.ticker.service.fanout.Shard;
import io.ticker.service.fanout.SseEndpoint;
import io.ticker.service.protocol.TickFrameBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.BitSet;

/**
 * The HTTP side of a shard (docs/protocol.md: HTTP on the same port), served from that shard's own
 * cache. {@code /api/*} and {@code /sse} need {@code Authorization: Bearer} under {@code --auth jwt}; the
 * dashboard and its assets stay open; health and metrics move to the management port when one is set.
 */
public final class HttpRoutes {

  private static final String IDENTITY = "ticker.identity";

  private final NodeContext node;
  private final Shard shard;

  private HttpRoutes(NodeContext node, Shard shard) {
    this.node = node;
    this.shard = shard;
  }

  public static Router create(Vertx vertx, NodeContext node, Shard shard) {
    HttpRoutes routes = new HttpRoutes(node, shard);
    Router router = Router.router(vertx);
    router.route("/api/*").handler(routes::afterSymbolsKnown).handler(routes::authenticate);
    router.get("/api/symbols").handler(routes::symbols);
    router.get("/api/snapshot").handler(routes::snapshot);
    router.get("/api/candles").handler(routes::candles);
    SseEndpoint sse = new SseEndpoint(node, shard);
    router.get("/sse").handler(routes::afterSymbolsKnown).handler(routes::authenticate)
        .handler(ctx -> sse.handle(ctx.request(), ctx.get(IDENTITY)));
    if (node.config().exposure().managementPort() == null) {
      HealthRoutes.mount(router, node, shard::feedStatus, () -> shard.directory().size());
    }
    // Browser libraries come from WebJars on the classpath (e.g. /webjars/uplot/1.6.30/dist/uPlot.iife.min.js).
    router.get("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
    // The StaticHandler would say application/x-yaml; application/yaml is the registered type (RFC 9512).
    router.get("/asyncapi.yaml").handler(ctx -> {
      ctx.addHeadersEndHandler(v -> ctx.response().headers().set("content-type", "application/yaml"));
      ctx.next();
    });
    router.get("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false));
    return router;
  }

  /**
   * Requests that name symbols ({@code /api/*}, {@code /sse}) wait while the node is starting and
   * does not know its symbols yet ({@link Shard#whenSymbolsKnown}), rather than hear 404 for them.
   */
  private void afterSymbolsKnown(RoutingContext ctx) {
    shard.whenSymbolsKnown(() -> {
      if (!ctx.response().closed()) { // the client may have gone meanwhile
        ctx.next();
      }
    });
  }

  /** Under {@code --auth jwt}: a valid Bearer token or 401; the identity is kept for the route. */
  private void authenticate(RoutingContext ctx) {
    if (node.verifier() == null) {
      ctx.put(IDENTITY, Identity.ANONYMOUS).next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    node.verifier().verify(token, System.currentTimeMillis()).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.put(IDENTITY, ar.result()).next();
        return;
      }
      AuthFailure failure = ar.cause() instanceof AuthFailure f ? f : new AuthFailure(AuthFailure.Reason.INVALID, "invalid token");
      node.audit().failed(failure, ctx.request().path(), String.valueOf(ctx.request().remoteAddress()));
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"ticker\"");
      error(ctx, 401, ErrorCode.UNAUTHORIZED, failure.reason() == AuthFailure.Reason.MISSING
          ? "send Authorization: Bearer <token>" : failure.getMessage());
    });
  }

  private void symbols(RoutingContext ctx) {
    Grants grants = ctx.<Identity>get(IDENTITY).grants();
    ctx.response().putHeader("content-type", "application/json")
        .end(Buffer.buffer("{\"symbols\":" + SyncReply.symbolsJson(shard.grantedInfos(grants)) + "}"));
  }

  /** {@code ?symbols=A,B} or every granted symbol; unknown symbols are a 404, ungranted ones a 403, naming them. */
  private void snapshot(RoutingContext ctx) {
    Grants grants = ctx.<Identity>get(IDENTITY).grants();
    String param = ctx.request().getParam("symbols");
    BitSet ids;
    if (param == null || param.isBlank() || param.equals("*")) {
      ids = shard.grantedIds(grants);
    } else {
      ResolvedSymbols asked = shard.resolve(SseEndpoint.names(param), grants);
      if (!asked.unknown().isEmpty()) {
        error(ctx, 404, ErrorCode.UNKNOWN_SYMBOL, asked.unknownMessage());
        return;
      }
      if (!asked.forbidden().isEmpty()) {
        error(ctx, 403, ErrorCode.FORBIDDEN, asked.forbiddenMessage());
        return;
      }
      ids = asked.ids();
    }
    LastValueCache cache = shard.cache();
    TickFrameBuilder body = shard.frameBuilder().beginRestSnapshot(ids.cardinality());
    for (int id = ids.nextSetBit(0); id >= 0; id = ids.nextSetBit(id + 1)) {
      TickEvent tick = cache.latest(id);
      if (tick != null) {
        body.add(tick);
      }
    }
    WireFrame frame = body.finish();
    Buffer json = frame.payload();
    frame.release();
    ctx.response().putHeader("content-type", "application/json").end(json);
  }

  /** {@code ?symbol=BTC-USD&tf=1m&limit=500}: the newest candles, oldest first; the last may still be forming. */
  private void candles(RoutingContext ctx) {
    String symbol = ctx.request().getParam("symbol");
    Timeframe tf = Timeframe.fromWire(ctx.request().getParam("tf"));
    String limitParam = ctx.request().getParam("limit");
    Integer limit = limitParam == null ? Integer.valueOf(Limits.DEFAULT_CANDLE_LIMIT) : parseLimit(limitParam);
    if (symbol == null || symbol.isBlank()) {
      error(ctx, 400, ErrorCode.BAD_REQUEST, "'symbol' is required");
    } else if (tf == null) {
      error(ctx, 400, ErrorCode.BAD_REQUEST, "'tf' must be one of " + Timeframe.wireNames());
    } else if (limit == null) {
      error(ctx, 400, ErrorCode.BAD_REQUEST, Limits.CANDLE_LIMIT_RULE);
    } else {
      ResolvedSymbols asked = shard.resolve(java.util.List.of(symbol), ctx.<Identity>get(IDENTITY).grants());
      if (!asked.unknown().isEmpty()) {
        error(ctx, 404, ErrorCode.UNKNOWN_SYMBOL, asked.unknownMessage());
      } else if (!asked.forbidden().isEmpty()) {
        error(ctx, 403, ErrorCode.FORBIDDEN, asked.forbiddenMessage());
      } else {
        ctx.response().putHeader("content-type", "application/json").end(shard.candlesBody(symbol, tf, limit));
      }
    }
  }

  /** A valid {@code limit}, or null. */
  private static Integer parseLimit(String text) {
    try {
      int limit = Integer.parseInt(text.trim());
      return Limits.validCandleLimit(limit) ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void error(RoutingContext ctx, int status, ErrorCode code, String message) {
    SseEndpoint.error(ctx.response(), status, code, message);
  }
}
