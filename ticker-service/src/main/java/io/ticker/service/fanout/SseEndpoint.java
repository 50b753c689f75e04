package io.ticker.service.fanout;

import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.Limits;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.NodeContext;
import io.ticker.service.auth.Identity;
import io.ticker.service.edge.Admission;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /sse?symbols=A,B&intervalMs=250} ({@code *} for every granted symbol): the same
 * stream as a WebSocket subscription, as server-sent events. Everything is checked before the
 * stream starts (a JSON error and a status instead): the interval (400), the symbols (404 unknown,
 * 403 not granted, 400 over the per-connection limit) and {@link Admission} (403 foreign origin,
 * 429 address full, 503 node full). Then a {@link ClientSession} over an {@link SseLink} is
 * opened on this shard already subscribed: its snapshot, and from then on its
 * {@link IntervalGroup}'s flushes, exactly as for a WebSocket.
 */
public final class SseEndpoint {

  private static final Buffer OPENING = Buffer.buffer(": ticker\n\n");

  private final NodeContext node;
  private final Shard shard;

  public SseEndpoint(NodeContext node, Shard shard) {
    this.node = node;
    this.shard = shard;
  }

  /** {@code identity}: the Bearer token's (anonymous without auth), checked by the route already. */
  public void handle(HttpServerRequest request, Identity identity) {
    HttpServerResponse response = request.response();
    Integer interval = interval(request.getParam("intervalMs"));
    if (interval == null) {
      error(response, 400, ErrorCode.BAD_REQUEST,
          "'intervalMs' must be an integer from " + Limits.MIN_INTERVAL_MS + " to " + Limits.MAX_INTERVAL_MS);
      return;
    }
    String param = request.getParam("symbols");
    if (param == null || param.isBlank()) {
      error(response, 400, ErrorCode.BAD_REQUEST, "send symbols=A,B (or symbols=*)");
      return;
    }
    BitSet wanted = null; // null = "*"
    if (!param.trim().equals("*")) {
      ResolvedSymbols asked = shard.resolve(names(param), identity.grants());
      if (!asked.unknown().isEmpty()) {
        error(response, 404, ErrorCode.UNKNOWN_SYMBOL, asked.unknownMessage());
        return;
      }
      if (!asked.forbidden().isEmpty()) {
        error(response, 403, ErrorCode.FORBIDDEN, asked.forbiddenMessage());
        return;
      }
      wanted = asked.ids();
      if (wanted.isEmpty()) {
        error(response, 400, ErrorCode.BAD_REQUEST, "send symbols=A,B (or symbols=*)");
        return;
      }
      if (wanted.cardinality() > shard.config().maxSymbolsPerConn()) {
        error(response, 400, ErrorCode.LIMIT_EXCEEDED,
            "at most " + shard.config().maxSymbolsPerConn() + " symbols per connection (or symbols=*)");
        return;
      }
    }
    String address = request.remoteAddress().hostAddress();
    Admission.Verdict verdict = node.admission().tryAdmit(address, request.getHeader("Origin"));
    if (verdict != Admission.Verdict.ADMIT) {
      error(response, verdict.httpStatus(), verdict == Admission.Verdict.ORIGIN_REFUSED ? ErrorCode.FORBIDDEN : ErrorCode.LIMIT_EXCEEDED,
          switch (verdict) {
            case ORIGIN_REFUSED -> "origin not allowed";
            case ADDRESS_FULL -> "too many connections from your address";
            default -> "this node is full; try another";
          });
      return;
    }
    start(request, identity, address, wanted, interval);
  }

  private void start(HttpServerRequest request, Identity identity, String address, BitSet wanted, int interval) {
    HttpServerResponse response = request.response();
    response.setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no") // nginx: pass events on as they come
        .putHeader("connection", "close"); // the stream is the connection's last response
    response.setWriteQueueMaxSize(node.config().writeQueueBytes());
    String peer = String.valueOf(request.remoteAddress());
    ClientSession session = shard.open(UUID.randomUUID().toString(), new SseLink(response, request.connection(), shard.vertx(), peer), identity, peer);
    boolean[] released = {false};
    Runnable gone = () -> {
      if (!released[0]) {
        released[0] = true;
        node.admission().release(address);
        shard.closed(session);
      }
    };
    request.connection().closeHandler(v -> gone.run());
    response.exceptionHandler(e -> { }); // a reset peer ends in the close handler
    response.write(OPENING); // the head goes out now, before the first event
    if (!shard.feedStatus().live()) {
      session.send(ServerMessages.status(shard.feedStatus().word(), shard.feedStatus().since()));
    }
    session.subscribe(wanted, interval, null);
  }

  /** A comma-separated {@code symbols} parameter, each name trimmed (shared by {@code /sse} and {@code /api/snapshot}). */
  public static List<String> names(String param) {
    return Arrays.stream(param.split(",")).map(String::trim).toList();
  }

  /** The {@code intervalMs} parameter, the default when absent, or null when not a valid one. */
  private Integer interval(String param) {
    if (param == null || param.isBlank()) {
      return shard.config().defaultIntervalMs();
    }
    try {
      int ms = Integer.parseInt(param.trim());
      return Limits.validInterval(ms) ? ms : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The JSON error body of the HTTP side: {@code {"code":…,"message":…}}, as {@code /api/*} answers too. */
  public static void error(HttpServerResponse response, int status, ErrorCode code, String message) {
    response.setStatusCode(status).putHeader("content-type", "application/json")
        .end(new JsonObject().put("code", code.name()).put("message", message).encode());
  }
}
