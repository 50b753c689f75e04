package io.ticker.service;


import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking helpers for tests that drive real servers and clients. */
final class TestSupport {

  private TestSupport() {
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed: " + e, e);
    }
  }

  /** A TCP port free on loopback right now (for servers that need a fixed port, such as cluster members). */
  static int freePort() {
    return io.ticker.service.testing.Http.freePort();
  }

  /** Whether a TCP connection to {@code host:port} is accepted. */
  static boolean accepts(String host, int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(host, port), 1000);
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void until(BooleanSupplier condition, Duration timeout, String what) {
    io.ticker.service.testing.Wait.until(condition, timeout, what);
  }

  /** A service node with the given flags on a random port (and one shard per core unless told). */
  static TickerNode startNode(String... flags) {
    List<String> args = new ArrayList<>(List.of("--http-port", "0", "--http-host", "127.0.0.1"));
    args.addAll(List.of(flags));
    return await(TickerNode.start(TickerMain.parse(args.toArray(String[]::new))));
  }

  /**
   * A clustered node in this JVM on a random HTTP port, Hazelcast on {@code hazelcastPort}, joining
   * {@code members} (the cluster is named after them), one shard; {@code extra} flags last.
   */
  static Future<TickerNode> clusterNode(String id, int hazelcastPort, String members, String feedUrl, String... extra) {
    List<String> args = new ArrayList<>(List.of("--http-port", "0", "--http-host", "127.0.0.1", "--node-id", id,
        "--cluster", "--cluster-port", String.valueOf(hazelcastPort), "--cluster-members", members,
        "--cluster-name", "ticker-test-" + Integer.toHexString(members.hashCode()),
        "--feed-url", feedUrl, "--feed-stale-ms", "1000", "--fanout-instances", "1"));
    args.addAll(List.of(extra));
    return TickerNode.start(TickerMain.parse(args.toArray(String[]::new)));
  }

  /** A standalone simulator on a random loopback port, bursts off so rates are predictable. */
  static FeedServerVerticle startSimulator(Vertx vertx, int port, int rate, int symbols, long seed) {
    FeedServerVerticle sim = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(port)
        .withRate(rate).withSymbols(symbols).withSeed(seed).withBursts(0, 1, 0));
    await(vertx.deployVerticle(sim));
    return sim;
  }

  record HttpReply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static final Vertx HTTP_VERTX = Vertx.vertx();
  private static final HttpClient HTTP = HTTP_VERTX.createHttpClient();

  /**
   * A GET with a real HTTP client. The request is made from a Vert.x context: started from a test
   * thread, a listener registered after the response already arrived can miss the body's end and
   * wait forever.
   */
  static HttpReply get(int port, String uri) {
    return get(HTTP, port, uri);
  }

  /** A GET with a Bearer token. */
  static HttpReply get(int port, String uri, String bearer) {
    return get(HTTP, port, uri, "Authorization", "Bearer " + bearer);
  }

  /** A GET with {@code client} (e.g. one that trusts a test CA) and headers (name, value, …). */
  static HttpReply get(HttpClient client, int port, String uri, String... headers) {
    io.vertx.core.Promise<HttpReply> reply = io.vertx.core.Promise.promise();
    HTTP_VERTX.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> {
          for (int i = 0; i + 1 < headers.length; i += 2) {
            req.putHeader(headers[i], headers[i + 1]);
          }
          return req.send();
        })
        .compose(res -> res.body().map(b -> new HttpReply(res.statusCode(), b.toString())))
        .onComplete(reply));
    return await(reply.future());
  }

  /** Whether the node on {@code port} answers {@code /health/ready} with 200 (false while it is not up). */
  static boolean ready(int port) {
    try {
      return get(port, "/health/ready").status() == 200;
    } catch (AssertionError notUp) {
      return false;
    }
  }

  /** The server's latest tick of every symbol, from {@code /api/snapshot}. */
  static Map<String, JsonObject> snapshot(int port) {
    return io.ticker.service.testing.Http.bySymbol(get(port, "/api/snapshot").json());
  }

  /** A client's latest tick of every symbol it was sent (snapshot and update frames, in order). */
  static Map<String, JsonObject> view(WsClient client) {
    Map<String, JsonObject> view = new HashMap<>();
    for (WsClient.Received frame : List.copyOf(client.received)) {
      if ("snapshot".equals(frame.type()) || "update".equals(frame.type())) {
        frame.json().getJsonArray("ticks").forEach(o -> view.put(((JsonObject) o).getString("symbol"), (JsonObject) o));
      }
    }
    return view;
  }

  /**
   * The newest event time ({@code ts}, stamped by the feed on this machine's clock) of the ticks in
   * a snapshot or update frame. The server held every one of those ticks when it built the frame,
   * so the frame was built no earlier than this: a server-side lower bound for when it was sent,
   * immune to the client's arrival jitter (which only ever makes arrival later).
   */
  static long newestTs(JsonObject frame) {
    long newest = Long.MIN_VALUE;
    for (Object o : frame.getJsonArray("ticks")) {
      newest = Math.max(newest, ((JsonObject) o).getLong("ts"));
    }
    return newest;
  }

  /** The value of one Prometheus sample line, e.g. {@code ticker_connections}. */
  static double metric(int port, String name) {
    return io.ticker.service.testing.Http.sample(get(port, "/metrics").body(), name);
  }

}
