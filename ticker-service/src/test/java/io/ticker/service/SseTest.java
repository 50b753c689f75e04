package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /sse}: the WebSocket stream as server-sent events, on the same fan-out. */
class SseTest {

  @TempDir
  Path dir;

  private static HttpClient client(Vertx vertx) {
    return vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(16));
  }

  /** Symbol to its latest tick over the snapshot and update events so far; fails if a seq goes backwards. */
  private static Map<String, JsonObject> view(SseStream stream) {
    Map<String, JsonObject> view = new HashMap<>();
    for (SseStream.Event event : List.copyOf(stream.events)) {
      if (event.type().equals("snapshot") || event.type().equals("update")) {
        for (Object o : event.data().getJsonArray("ticks")) {
          JsonObject tick = (JsonObject) o;
          JsonObject before = view.get(tick.getString("symbol"));
          assertTrue(before == null || before.getLong("seq") <= tick.getLong("seq"), "seq backwards: " + before + " then " + tick);
          view.put(tick.getString("symbol"), tick);
        }
      }
    }
    return view;
  }

  @Test
  void eventsAtTheIntervalConvergingWithRestAndAStalledReaderIsClosedAndReleased() throws Exception {
    TickerNode node = TestSupport.startNode("--sim-rate", "20000", "--sim-symbols", "2000", "--sim-seed", "9",
        "--fanout-instances", "2", "--slow-consumer-grace-ms", "1500", "--write-queue-bytes", "65536", "--ping-interval-ms", "300");
    Vertx vertx = Vertx.vertx();
    HttpClient http = client(vertx);
    try {
      int port = node.httpPort();
      TestSupport.until(() -> TestSupport.get(port, "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");

      // Refused before any stream starts, with the WebSocket protocol's error codes.
      TestSupport.HttpReply unknown = TestSupport.get(port, "/sse?symbols=BTC-USD,NOPE-1");
      assertEquals(404, unknown.status());
      assertEquals("UNKNOWN_SYMBOL", unknown.json().getString("code"));
      assertTrue(unknown.json().getString("message").contains("NOPE-1"));
      for (String bad : List.of("intervalMs=5", "intervalMs=abc", "intervalMs=20000")) {
        TestSupport.HttpReply reply = TestSupport.get(port, "/sse?symbols=BTC-USD&" + bad);
        assertEquals(400, reply.status(), bad);
        assertEquals("BAD_REQUEST", reply.json().getString("code"), bad);
      }
      assertEquals(400, TestSupport.get(port, "/sse").status(), "no symbols");
      assertEquals(0.0, TestSupport.metric(port, "ticker_connections"), "refused requests hold no connection");

      // Two symbols every 100 ms: a snapshot, then updates no closer than the interval.
      long openedAt = System.currentTimeMillis();
      SseStream pair = SseStream.open(vertx, http, port, "/sse?symbols=BTC-USD,ETH-USD&intervalMs=100");
      assertEquals(200, pair.status);
      assertTrue(pair.contentType.startsWith("text/event-stream"), pair.contentType);
      TestSupport.until(() -> pair.ofType("update").size() >= 15, Duration.ofSeconds(20), "15 updates");
      assertEquals("snapshot", pair.events.get(0).type(), "the snapshot first");
      assertEquals(Set.of("BTC-USD", "ETH-USD"), view(pair).keySet());
      List<SseStream.Event> updates = pair.ofType("update");
      long lastAt = updates.get(updates.size() - 1).atMs();
      // Every update was built after the request and before it arrived, one per 100 ms at most:
      // a count, so load (which only delays and thins frames) cannot make it fail.
      assertTrue(updates.size() <= (lastAt - openedAt) / 100 + 1,
          updates.size() + " updates in " + (lastAt - openedAt) + " ms at 100 ms");
      assertEquals(1.0, TestSupport.metric(port, "ticker_connections"), "an SSE stream is a connection");
      assertTrue(pair.comments.get() >= 2, "keep-alive comments every --ping-interval-ms: " + pair.comments.get());

      // Twenty symbols: every value the REST snapshot shows is reached (or passed) by the stream.
      List<String> twenty = TestSupport.snapshot(port).keySet().stream().sorted().limit(20).toList();
      SseStream many = SseStream.open(vertx, http, port, "/sse?symbols=" + String.join(",", twenty) + "&intervalMs=50");
      TestSupport.until(() -> !many.ofType("snapshot").isEmpty(), Duration.ofSeconds(10), "snapshot");
      Map<String, JsonObject> rest = TestSupport.snapshot(port);
      TestSupport.until(() -> {
        Map<String, JsonObject> seen = view(many);
        return twenty.stream().allMatch(s -> seen.containsKey(s) && seen.get(s).getLong("seq") >= rest.get(s).getLong("seq"));
      }, Duration.ofSeconds(20), "the stream reaches the REST snapshot");
      Map<String, JsonObject> seen = view(many);
      assertEquals(Set.copyOf(twenty), seen.keySet(), "only what was asked for");
      for (String symbol : twenty) {
        if (seen.get(symbol).getLong("seq").equals(rest.get(symbol).getLong("seq"))) {
          assertEquals(rest.get(symbol), seen.get(symbol), "same seq, same tick: " + symbol);
        }
      }

      // A reader that never reads: every symbol every 50 ms piles up, it is conflated, then cut off.
      double closesBefore = TestSupport.metric(port, "ticker_slow_consumer_closes_total");
      double skippedBefore = TestSupport.metric(port, "ticker_frames_skipped_total");
      long bytes = 0;
      try (Socket stalled = new Socket()) {
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        stalled.setSoTimeout(15_000);
        stalled.getOutputStream().write(("GET /sse?symbols=*&intervalMs=50 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        long stallStart = System.nanoTime();
        TestSupport.until(() -> TestSupport.metric(port, "ticker_slow_consumer_closes_total") == closesBefore + 1,
            Duration.ofSeconds(30), "the stalled SSE reader is closed");
        long closedAfter = (System.nanoTime() - stallStart) / 1_000_000;
        assertTrue(closedAfter >= 1500, "not before the grace: " + closedAfter);
        assertTrue(TestSupport.metric(port, "ticker_frames_skipped_total") > skippedBefore, "conflated while behind");
        TestSupport.until(() -> {
          try {
            return TestSupport.metric(port, "ticker_connections") == 2.0;
          } catch (RuntimeException e) {
            return false;
          }
        }, Duration.ofSeconds(20), "its connection released");
        // The server hung up: what the kernel held for it, then EOF (or a reset), never an open socket.
        InputStream in = stalled.getInputStream();
        byte[] chunk = new byte[65536];
        try {
          for (int n; (n = in.read(chunk)) >= 0; ) {
            bytes += n;
          }
        } catch (SocketException reset) {
          // a reset is a hang-up too
        }
      }
      assertTrue(bytes > 0 && bytes < 8 * 1024 * 1024, "bounded bytes were queued for it: " + bytes);
      assertTrue(!pair.ended && !many.ended, "the healthy streams were not touched");
      int before = pair.ofType("update").size();
      TestSupport.until(() -> pair.ofType("update").size() >= before + 3, Duration.ofSeconds(10), "still served");
      view(pair);
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }

  @Test
  void underJwtABearerTokenIsRequiredAndOnlyGrantedSymbolsFlowUntilItExpires() {
    TestTokens tokens = TestTokens.hs256(dir, "secret");
    TickerNode node = TestSupport.startNode("--sim-rate", "3000", "--sim-symbols", "60", "--sim-seed", "5",
        "--auth", "jwt", "--jwt-secret-file", tokens.file.toString());
    Vertx vertx = Vertx.vertx();
    HttpClient http = client(vertx);
    try {
      int port = node.httpPort();
      TestSupport.until(() -> TestSupport.get(port, "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      assertEquals(401, TestSupport.get(port, "/sse?symbols=BTC-USD").status(), "no token");
      TestSupport.HttpReply bad = TestSupport.get(port, "/sse?symbols=BTC-USD", "not-a-token");
      assertEquals(401, bad.status());
      assertEquals("UNAUTHORIZED", bad.json().getString("code"));
      String pair = tokens.token("bob", List.of("BTC-USD", "ETH-USD"), 600);
      TestSupport.HttpReply forbidden = TestSupport.get(port, "/sse?symbols=BTC-USD,AAPL", pair);
      assertEquals(403, forbidden.status());
      assertEquals("FORBIDDEN", forbidden.json().getString("code"));
      assertTrue(forbidden.json().getString("message").contains("AAPL") && !forbidden.json().getString("message").contains("BTC"),
          forbidden.body());

      // "*" is every granted symbol, and nothing else ever.
      SseStream star = SseStream.open(vertx, http, port, "/sse?symbols=*&intervalMs=50", "Authorization", "Bearer " + pair);
      assertEquals(200, star.status);
      TestSupport.until(() -> star.ofType("update").size() >= 10, Duration.ofSeconds(20), "updates");
      assertEquals(Set.of("BTC-USD", "ETH-USD"), view(star).keySet());
      Set<String> everySymbol = star.events.stream().filter(e -> e.data().containsKey("ticks"))
          .flatMap(e -> e.data().getJsonArray("ticks").stream().map(o -> ((JsonObject) o).getString("symbol")))
          .collect(Collectors.toSet());
      assertEquals(Set.of("BTC-USD", "ETH-USD"), everySymbol, "granted symbols only");

      // Token expiry ends the stream (an SSE client cannot send a fresh token): an error event, then the end.
      SseStream shortLived = SseStream.open(vertx, http, port, "/sse?symbols=BTC-USD&intervalMs=50",
          "Authorization", "Bearer " + tokens.token("carol", List.of("*"), 2));
      assertEquals(200, shortLived.status);
      TestSupport.until(() -> shortLived.ended, Duration.ofSeconds(15), "the stream ends when the token expires");
      List<SseStream.Event> errors = shortLived.ofType("error");
      assertEquals(1, errors.size(), "one error event: " + errors);
      assertEquals("UNAUTHORIZED", errors.get(0).data().getString("code"));
      assertTrue(!shortLived.ofType("update").isEmpty(), "it was served until then");
      TestSupport.until(() -> TestSupport.metric(port, "ticker_connections") == 1.0, Duration.ofSeconds(10), "released");
      assertTrue(!star.ended, "the other stream goes on");
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
