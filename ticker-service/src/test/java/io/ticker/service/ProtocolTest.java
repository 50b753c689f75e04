package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every op, reply, error code and close code of the client protocol, against a real node. */
class ProtocolTest {

  static TickerNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestSupport.startNode("--sim-rate", "2000", "--sim-symbols", "60", "--sim-seed", "7",
        "--fanout-instances", "2", "--max-symbols-per-conn", "5", "--max-ops-per-sec", "20");
    clients = Vertx.vertx();
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200,
        Duration.ofSeconds(10), "node ready");
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(clients.close());
  }

  private WsClient connect() {
    WsClient client = WsClient.connect(clients, node.httpPort());
    client.next("welcome");
    return client;
  }

  @Test
  void welcomeNamesProtocolNodeAndSession() {
    try (WsClient client = WsClient.connect(clients, node.httpPort())) {
      JsonObject welcome = client.next("welcome");
      assertEquals(1, welcome.getInteger("protocol"));
      assertEquals(node.nodeId(), welcome.getString("node"));
      assertFalse(welcome.getString("session").isEmpty());
      assertTrue(Math.abs(System.currentTimeMillis() - welcome.getLong("serverTime")) < 5000);
    }
  }

  @Test
  void subscribeRepliesThenSnapshotsThenUpdatesAtTheInterval() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"symbols\":[\"BTC-USD\",\"AAPL\"],\"intervalMs\":100}");
      JsonObject subscribed = client.next("subscribed");
      assertEquals("s1", subscribed.getString("id"));
      assertEquals(List.of("BTC-USD", "AAPL"), subscribed.getJsonArray("symbols").getList());
      assertEquals(100, subscribed.getInteger("intervalMs"));
      JsonObject snapshot = client.next("snapshot");
      assertEquals(Set.of("BTC-USD", "AAPL"), symbols(snapshot));
      JsonObject tick = snapshot.getJsonArray("ticks").getJsonObject(0);
      for (String field : List.of("symbol", "seq", "ts", "price", "bid", "ask", "size", "open", "high", "low", "volume", "change", "changePct")) {
        assertTrue(tick.containsKey(field), "tick has " + field);
      }
      assertTrue(tick.getValue("price") instanceof String, "prices are decimal strings");
      JsonObject update = client.next("update");
      assertTrue(Set.of("BTC-USD", "AAPL").containsAll(symbols(update)));
    }
  }

  @Test
  void aNewIntervalAppliesToTheWholeConnectionWithoutAnEarlyFrame() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      client.next("update");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":1000}");
      assertEquals(1000, client.next("subscribed").getInteger("intervalMs"));
      client.next("snapshot");
      // Every frame before the snapshot is from the 50 ms subscription; every update after it is at 1000 ms.
      List<WsClient.Received> before = client.ofType("update");
      long lastBeforeTs = TestSupport.newestTs(before.get(before.size() - 1).json());
      TestSupport.until(() -> client.ofType("update").size() >= before.size() + 3, Duration.ofSeconds(30), "three frames at 1000 ms");
      // The server built the last 50 ms frame no earlier than its newest tick was stamped, and sends
      // frames at least an interval apart; the k-th frame after it arrived no earlier than it was
      // sent. So arrival - ts >= k * 1000 for every k, whatever the client's own jitter (1 ms covers
      // whole-millisecond stamps, plus 1 ms per second for wall-clock slew against the server's
      // monotonic clock).
      List<WsClient.Received> all = client.ofType("update");
      for (int k = 1; k <= all.size() - before.size(); k++) {
        long span = all.get(before.size() + k - 1).atMs() - lastBeforeTs;
        assertTrue(span >= k * 1000L - 1 - span / 1000, "frame " + k + " at the new 1000 ms interval came " + span
            + " ms after the newest tick of the last 50 ms frame was stamped");
      }
    }
  }

  @Test
  void starSubscribesEverySymbolAndDefaultsTheInterval() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"]}");
      JsonObject subscribed = client.next("subscribed");
      assertFalse(subscribed.containsKey("id"));
      assertEquals(250, subscribed.getInteger("intervalMs"));
      assertEquals(List.of("*"), subscribed.getJsonArray("symbols").getList());
      assertEquals(60, client.next("snapshot").getJsonArray("ticks").size());
    }
  }

  @Test
  void unknownSymbolsAreReportedAndTheKnownOnesStillSubscribed() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"id\":7,\"symbols\":[\"ETH-USD\",\"NOPE\",\"ZZZ\"]}");
      JsonObject error = client.next("error");
      assertEquals("UNKNOWN_SYMBOL", error.getString("code"));
      assertEquals(7, error.getInteger("id"));
      assertTrue(error.getString("message").contains("NOPE") && error.getString("message").contains("ZZZ"));
      assertEquals(List.of("ETH-USD"), client.next("subscribed").getJsonArray("symbols").getList());
      assertEquals(Set.of("ETH-USD"), symbols(client.next("snapshot")));
    }
  }

  @Test
  void unsubscribeStopsUpdatesOfThoseSymbols() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\",\"ETH-USD\"],\"intervalMs\":50}");
      client.next("snapshot");
      client.send("{\"op\":\"unsubscribe\",\"id\":\"u\",\"symbols\":[\"BTC-USD\",\"NOT-SUBSCRIBED\"]}");
      JsonObject unsubscribed = client.next("unsubscribed");
      assertEquals("u", unsubscribed.getString("id"));
      assertEquals(List.of("BTC-USD"), unsubscribed.getJsonArray("symbols").getList());
      int after = client.received.size();
      // Every frame after the reply was built after the unsubscribe: wait for several of them.
      TestSupport.until(() -> WsClient.since(client, after).stream().filter(r -> "update".equals(r.type())).count() >= 5,
          Duration.ofSeconds(30), "five more updates");
      List<JsonObject> later = WsClient.since(client, after).stream()
          .map(WsClient.Received::json).filter(j -> "update".equals(j.getString("type"))).toList();
      later.forEach(u -> assertEquals(Set.of("ETH-USD"), symbols(u)));
    }
  }

  @Test
  void symbolsListsTheUniverseWithNamesAndKinds() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"symbols\",\"id\":\"q\"}");
      JsonObject reply = client.next("symbols");
      assertEquals("q", reply.getString("id"));
      JsonArray list = reply.getJsonArray("symbols");
      assertEquals(60, list.size());
      JsonObject btc = list.getJsonObject(0);
      assertEquals("BTC-USD", btc.getString("symbol"));
      assertEquals("Bitcoin", btc.getString("name"));
      assertEquals("crypto", btc.getString("kind"));
      Set<String> kinds = list.stream().map(o -> ((JsonObject) o).getString("kind")).collect(Collectors.toSet());
      assertEquals(Set.of("crypto", "stock"), kinds);
    }
  }

  @Test
  void pingIsAnsweredWithServerTime() {
    try (WsClient client = connect()) {
      client.send("{\"op\":\"ping\",\"id\":{\"n\":1}}");
      JsonObject pong = client.next("pong");
      assertEquals(new JsonObject().put("n", 1), pong.getJsonObject("id"));
      assertNotNull(pong.getLong("serverTime"));
    }
  }

  @Test
  void badRequestsGetCodedErrorsAndTheConnectionStaysUsable() {
    try (WsClient client = connect()) {
      assertError(client, "{not json", "BAD_JSON");
      assertError(client, "[1,2]", "BAD_REQUEST");
      assertError(client, "{\"symbols\":[\"BTC-USD\"]}", "BAD_REQUEST");
      assertError(client, "{\"op\":\"subscribe\",\"symbols\":[]}", "BAD_REQUEST");
      assertError(client, "{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":10}", "BAD_REQUEST");
      assertError(client, "{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":\"fast\"}", "BAD_REQUEST");
      assertError(client, "{\"op\":\"subscribe\",\"symbols\":[1]}", "BAD_REQUEST");
      assertError(client, "{\"op\":\"teleport\"}", "UNKNOWN_OP");
      assertError(client, "{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\",\"ETH-USD\",\"AAPL\",\"MSFT\",\"NVDA\",\"SOL-USD\"]}", "LIMIT_EXCEEDED");
      client.send("{\"op\":\"ping\",\"id\":\"still\"}");
      assertEquals("still", client.next("pong").getString("id"));
      assertEquals(null, client.closeCode);
    }
  }

  private static void assertError(WsClient client, String frame, String code) {
    client.send(frame);
    JsonObject error = client.next("error");
    assertEquals(code, error.getString("code"), "for " + frame);
    assertFalse(error.getString("message").isBlank());
  }

  @Test
  void aFloodIsRateLimitedThenClosedWith1008() {
    try (WsClient client = connect()) {
      long start = System.nanoTime();
      for (int i = 0; i < 200; i++) {
        client.blast("{\"op\":\"ping\"}");
      }
      JsonObject error = client.next(j -> "error".equals(j.getString("type")), Duration.ofSeconds(10));
      assertEquals("RATE_LIMITED", error.getString("code"));
      assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)));
      double took = (System.nanoTime() - start) / 1e9;
      // The burst (20) was served, plus at most what the bucket refilled (20/s) while the server
      // worked through the flood, which took no longer than the client saw from first send to close.
      long pongs = client.ofType("pong").size();
      assertTrue(pongs >= 20 && pongs <= 20 + Math.ceil(20 * took), "one burst plus " + took + " s of refill was served, got " + pongs);
      assertTrue(pongs < 200, "the flood was not served: " + pongs);
    }
  }

  @Test
  void aFrameOver64KiBIsClosedWith1009() {
    try (WsClient client = connect()) {
      String big = "{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}";
      client.send(big);
      assertEquals(1009, client.awaitClose(Duration.ofSeconds(5)));
    }
  }

  @Test
  void aBinaryFrameIsClosedWith1003() {
    try (WsClient client = connect()) {
      client.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
      assertEquals(1003, client.awaitClose(Duration.ofSeconds(5)));
    }
  }

  @Test
  void otherClientsAreUnaffectedByAMisbehavingOne() {
    try (WsClient good = connect(); WsClient bad = connect()) {
      good.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":50}");
      good.next("snapshot");
      bad.sendBinary(Buffer.buffer("junk"));
      bad.awaitClose(Duration.ofSeconds(5));
      good.next("update");
      assertEquals(null, good.closeCode);
    }
  }

  @Test
  void restSnapshotAndSymbols() {
    TestSupport.HttpReply all = TestSupport.get(node.httpPort(), "/api/snapshot");
    assertEquals(200, all.status());
    assertEquals(60, all.json().getJsonArray("ticks").size());
    TestSupport.HttpReply two = TestSupport.get(node.httpPort(), "/api/snapshot?symbols=BTC-USD,AAPL");
    assertEquals(Set.of("BTC-USD", "AAPL"), symbols(two.json()));
    TestSupport.HttpReply unknown = TestSupport.get(node.httpPort(), "/api/snapshot?symbols=BTC-USD,NOPE");
    assertEquals(404, unknown.status());
    assertEquals("UNKNOWN_SYMBOL", unknown.json().getString("code"));
    assertEquals(60, TestSupport.get(node.httpPort(), "/api/symbols").json().getJsonArray("symbols").size());
    assertEquals(200, TestSupport.get(node.httpPort(), "/health/live").status());
    assertEquals("live", TestSupport.get(node.httpPort(), "/health/ready").json().getString("feed"));
  }

  @Test
  void metricsAskedForByNameAreOnlyThoseFamilies() {
    String all = TestSupport.get(node.httpPort(), "/metrics").body();
    String some = TestSupport.get(node.httpPort(),
        "/metrics?name%5B%5D=ticker_ticks_in_total&name%5B%5D=ticker_tick_latency_seconds&name%5B%5D=jvm_memory_used_bytes").body();
    assertEquals(Set.of("ticker_ticks_in_total", "ticker_tick_latency_seconds_bucket", "ticker_tick_latency_seconds_count",
        "ticker_tick_latency_seconds_sum", "jvm_memory_used_bytes"), sampleNames(some));
    assertTrue(sampleNames(all).containsAll(Set.of("ticker_frames_out_total", "ticker_connections", "vertx_http_server_active_connections")),
        "without a filter, every meter");
    assertEquals(Set.of("ticker_connections"), sampleNames(TestSupport.get(node.httpPort(), "/metrics?name%5B%5D=ticker_connections").body()));
  }

  private static Set<String> sampleNames(String prometheusText) {
    return prometheusText.lines().filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toSet());
  }

  @Test
  void metricsExposeEveryMeterTheSpecNamesAndTheyMove() {
    int port = node.httpPort();
    // Clients of earlier tests are closed (their close handshakes may still be finishing).
    TestSupport.until(() -> TestSupport.metric(port, "ticker_connections") == 0, Duration.ofSeconds(10), "no connections");
    String metrics = TestSupport.get(port, "/metrics").body();
    for (String name : List.of("ticker_ticks_in_total", "ticker_ticks_out_total", "ticker_frames_out_total",
        "ticker_ticks_coalesced_total", "ticker_connections", "ticker_slow_consumer_closes_total",
        "ticker_tick_latency_seconds_bucket", "ticker_feed_age_seconds_bucket", "vertx_http_server_active_connections")) {
      assertTrue(metrics.contains("\n" + name), "metrics have " + name);
    }
    for (String le : List.of("0.25", "0.28", "0.3", "0.35")) { // the fan-out's tick-age targets, read straight off the buckets
      assertTrue(metrics.contains("ticker_tick_latency_seconds_bucket{le=\"" + le + "\"}"), "a tick-age bucket at " + le + " s");
    }
    double ticksIn = TestSupport.metric(port, "ticker_ticks_in_total");
    TestSupport.until(() -> TestSupport.metric(port, "ticker_ticks_in_total") > ticksIn, Duration.ofSeconds(10), "ticks_in rises");
    try (WsClient client = connect()) {
      TestSupport.until(() -> TestSupport.metric(port, "ticker_connections") == 1, Duration.ofSeconds(10), "ticker_connections up to 1");
      double framesOut = TestSupport.metric(port, "ticker_frames_out_total");
      double ticksOut = TestSupport.metric(port, "ticker_ticks_out_total");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      client.next("snapshot");
      TestSupport.until(() -> client.ofType("update").size() >= 3, Duration.ofSeconds(10), "three updates");
      // The only subscribed client here: what it was sent is what the meters counted (at least what has arrived so far).
      int frames = client.ofType("update").size();
      long ticks = client.ofType("update").stream().mapToLong(r -> r.json().getJsonArray("ticks").size()).sum();
      TestSupport.until(() -> TestSupport.metric(port, "ticker_frames_out_total") - framesOut >= frames
          && TestSupport.metric(port, "ticker_ticks_out_total") - ticksOut >= ticks, Duration.ofSeconds(10),
          "frames_out rose by >= " + frames + " and ticks_out by >= " + ticks);
    }
    TestSupport.until(() -> TestSupport.metric(port, "ticker_connections") == 0, Duration.ofSeconds(10), "ticker_connections back to 0");
    double framesOut = TestSupport.metric(port, "ticker_frames_out_total");
    double ticksInNow = TestSupport.metric(port, "ticker_ticks_in_total");
    TestSupport.until(() -> TestSupport.metric(port, "ticker_ticks_in_total") >= ticksInNow + 1000, Duration.ofSeconds(20), "ticks keep coming in");
    assertEquals(framesOut, TestSupport.metric(port, "ticker_frames_out_total"), "no frames out without a client");
  }

  @Test
  void dashboardIsServedAtTheRoot() {
    TestSupport.HttpReply page = TestSupport.get(node.httpPort(), "/");
    assertEquals(200, page.status());
    assertTrue(page.body().contains("<html"));
  }

  static Set<String> symbols(JsonObject frame) {
    Set<String> symbols = new HashSet<>();
    frame.getJsonArray("ticks").forEach(t -> symbols.add(((JsonObject) t).getString("symbol")));
    return symbols;
  }
}
