package io.ticker.loadtest;

import io.ticker.model.SymbolInfo;
import io.ticker.model.Tick;
import io.ticker.model.TickEncoder;
import io.ticker.model.Wire;
import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.FrameType;
import io.ticker.model.protocol.Op;
import io.ticker.model.protocol.ProtocolException;
import io.ticker.model.protocol.ServerMessages;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A small stand-in for the service on a random port, speaking just enough of the protocol
 * (docs/protocol.md) for the load test: {@code welcome}; on {@code subscribe}, {@code subscribed}
 * and one {@code snapshot}; an {@code update} every interval; {@code /api/symbols} and
 * {@code /api/snapshot}. Half the symbols move every interval, the other half never change after
 * the start, so the final check meets both "client is ahead of the snapshot" and "same seq, same
 * tick". It can be told to commit one {@link Fault}, so the tests show that the load test's
 * checkers see it. Everything runs on the one event loop of its verticle.
 */
final class MisbehavingServer extends AbstractVerticle {

  /** What the server gets wrong. */
  enum Fault {
    /** Nothing: an honest server. */
    NONE,
    /** Every few updates the first symbol is sent with an older seq than before (a replayed tick). */
    SEQ_BACKWARDS,
    /** /api/snapshot reports every symbol at its current seq but with another price than the connections received. */
    SNAPSHOT_DIFFERS,
    /** /api/snapshot reports the symbols that never move at a seq no connection is ever sent (an update lost for good). */
    SNAPSHOT_AHEAD
  }

  static final int SYMBOLS = 8;
  /** The welcome's auth mode of a service run with --auth none (ServiceConfig.AuthSettings.mode()). */
  private static final String AUTH_NONE = "none";
  /** "all symbols" in a subscribe (docs/protocol.md). */
  private static final String ALL = "*";
  /** Every how many updates SEQ_BACKWARDS replays an old tick. */
  private static final int REPLAY_EVERY = 3;
  /** How far back (in seq) the replayed tick is. */
  private static final int REPLAY_DEPTH = 2;

  private final Fault fault;
  private final long periodMs;
  private final List<String> names = new ArrayList<>();
  /** Every tick each symbol has had, oldest first; the last is the current value. */
  private final Map<String, List<Tick>> history = new HashMap<>();
  private final Map<ServerWebSocket, Set<String>> subscriptions = new HashMap<>();
  private HttpServer server;
  private long rounds;

  private MisbehavingServer(Fault fault, long periodMs) {
    this.fault = fault;
    this.periodMs = periodMs;
  }

  /** Deploys the server on its own Vert.x; {@link #stop} with {@code vertx.close()}. */
  static MisbehavingServer start(Vertx vertx, Fault fault, long periodMs) throws Exception {
    MisbehavingServer s = new MisbehavingServer(fault, periodMs);
    vertx.deployVerticle(s).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return s;
  }

  int port() {
    return server.actualPort();
  }

  String url() {
    return "ws://127.0.0.1:" + port() + "/ws";
  }

  @Override
  public void start(Promise<Void> started) {
    long now = System.currentTimeMillis();
    for (int i = 0; i < SYMBOLS; i++) {
      String name = "SYM" + i;
      names.add(name);
      List<Tick> ticks = new ArrayList<>();
      ticks.add(tick(name, 1, now, 100 + i));
      history.put(name, ticks);
    }
    vertx.setPeriodic(periodMs, id -> round());
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(this::onSocket)
        .requestHandler(this::onRequest);
    server.listen().<Void>mapEmpty().onComplete(started);
  }

  private static Tick tick(String symbol, long seq, long ts, double price) {
    String p = String.format(java.util.Locale.ROOT, "%.2f", price);
    return new Tick(symbol, seq, ts, p, p, p, "1", p, p, p, "1000", "0.00", "0.00");
  }

  private Tick current(String symbol) {
    List<Tick> ticks = history.get(symbol);
    return ticks.get(ticks.size() - 1);
  }

  /** Even-numbered symbols move; then every subscriber gets the moved symbols it subscribed to. */
  private void round() {
    rounds++;
    long now = System.currentTimeMillis();
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < names.size(); i += 2) {
      String name = names.get(i);
      Tick last = current(name);
      history.get(name).add(tick(name, last.seq() + 1, now, 100 + i + (rounds % 100) / 100.0));
      moved.add(name);
    }
    for (Map.Entry<ServerWebSocket, Set<String>> e : subscriptions.entrySet()) {
      List<Tick> ticks = new ArrayList<>();
      for (String name : moved) {
        if (e.getValue().contains(name)) {
          ticks.add(sent(name));
        }
      }
      if (!ticks.isEmpty()) {
        e.getKey().writeTextMessage(frame(FrameType.UPDATE, ticks));
      }
    }
  }

  /** What an update carries for {@code symbol}: its current tick, or under SEQ_BACKWARDS now and then an older one. */
  private Tick sent(String symbol) {
    List<Tick> ticks = history.get(symbol);
    if (fault == Fault.SEQ_BACKWARDS && symbol.equals(names.get(0)) && rounds % REPLAY_EVERY == 0
        && ticks.size() > REPLAY_DEPTH) {
      return ticks.get(ticks.size() - 1 - REPLAY_DEPTH);
    }
    return ticks.get(ticks.size() - 1);
  }

  private void onSocket(ServerWebSocket ws) {
    ws.writeTextMessage(ServerMessages.welcome("misbehaving-" + fault, "s" + ws.hashCode(), System.currentTimeMillis(),
        AUTH_NONE).toString());
    ws.textMessageHandler(text -> onMessage(ws, text));
    ws.closeHandler(v -> subscriptions.remove(ws));
  }

  private void onMessage(ServerWebSocket ws, String text) {
    ClientRequest req;
    try {
      req = ClientRequest.parse(text);
    } catch (ProtocolException e) {
      ws.writeTextMessage(ServerMessages.error(e.id(), e.code(), e.getMessage()).toString());
      return;
    }
    if (req.op() != Op.SUBSCRIBE) {
      ws.writeTextMessage(ServerMessages.error(req.id(), ErrorCode.UNKNOWN_OP, "this test server knows subscribe only").toString());
      return;
    }
    Set<String> added = new LinkedHashSet<>();
    for (String s : req.symbols()) {
      if (s.equals(ALL)) {
        added.addAll(names);
      } else if (history.containsKey(s)) {
        added.add(s);
      } else {
        ws.writeTextMessage(ServerMessages.error(req.id(), ErrorCode.UNKNOWN_SYMBOL, s).toString());
        return;
      }
    }
    subscriptions.computeIfAbsent(ws, k -> new LinkedHashSet<>()).addAll(added);
    int interval = req.intervalMs() == null ? (int) periodMs : req.intervalMs();
    ws.writeTextMessage(ServerMessages.subscribed(req.id(), added, interval).toString());
    List<Tick> snapshot = new ArrayList<>();
    for (String s : added) {
      snapshot.add(current(s));
    }
    ws.writeTextMessage(frame(FrameType.SNAPSHOT, snapshot));
  }

  private void onRequest(HttpServerRequest req) {
    String path = req.path();
    if (path.equals("/api/symbols")) {
      List<SymbolInfo> infos = names.stream().map(n -> new SymbolInfo(n, n, "stock")).toList();
      req.response().putHeader("content-type", "application/json").end(json(Map.of("symbols", infos)));
    } else if (path.equals("/api/snapshot")) {
      List<Tick> ticks = new ArrayList<>();
      for (String name : names) {
        Tick t = current(name);
        if (fault == Fault.SNAPSHOT_DIFFERS) {
          // same seq, another price: a final value no connection ever received
          t = tick(name, t.seq(), t.ts(), Double.parseDouble(t.price()) + 1);
        } else if (fault == Fault.SNAPSHOT_AHEAD && history.get(name).size() == 1) {
          t = tick(name, t.seq() + 1, t.ts(), Double.parseDouble(t.price()) + 1);
        }
        ticks.add(t);
      }
      req.response().putHeader("content-type", "application/json").end(frame(null, ticks));
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  /**
   * {@code {"type":…,"ticks":[TICK,…]}} (no type for /api/snapshot), each tick serialized the one
   * way the model does it, so the same tick is the same bytes in every frame, as in the service.
   */
  private static String frame(FrameType type, List<Tick> ticks) {
    StringBuilder b = new StringBuilder("{");
    if (type != null) {
      b.append("\"type\":\"").append(type.wire()).append("\",");
    }
    b.append("\"ticks\":[");
    TickEncoder encoder = new TickEncoder();
    for (int i = 0; i < ticks.size(); i++) {
      b.append(i == 0 ? "" : ",").append(new String(encoder.encode(ticks.get(i)), StandardCharsets.UTF_8));
    }
    return b.append("]}").toString();
  }

  private static Buffer json(Object value) {
    try {
      return Buffer.buffer(Wire.JSON.writeValueAsBytes(value));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
