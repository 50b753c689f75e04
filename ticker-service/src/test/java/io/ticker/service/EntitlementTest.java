package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-symbol entitlements over WebSocket and REST: a token sees exactly what it grants. */
class EntitlementTest {

  @TempDir
  static Path dir;
  static TestTokens tokens;
  static TickerNode node;
  static Vertx clients;
  /** Every symbol with its kind, as an all-granting token sees them. */
  static List<JsonObject> universe;
  static Set<String> cryptoAndApple;

  @BeforeAll
  static void start() {
    tokens = TestTokens.hs256(dir, "secret");
    node = TestSupport.startNode("--sim-rate", "5000", "--sim-symbols", "60", "--sim-seed", "5",
        "--auth", "jwt", "--jwt-secret-file", tokens.file.toString(), "--fanout-instances", "2");
    clients = Vertx.vertx();
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(15), "node ready");
    universe = TestSupport.get(node.httpPort(), "/api/symbols", tokens.token("root", List.of("*"), 600))
        .json().getJsonArray("symbols").stream().map(o -> (JsonObject) o).toList();
    cryptoAndApple = universe.stream().filter(s -> "crypto".equals(s.getString("kind")) || "AAPL".equals(s.getString("symbol")))
        .map(s -> s.getString("symbol")).collect(Collectors.toSet());
    assertTrue(cryptoAndApple.size() >= 10 && cryptoAndApple.size() < universe.size() - 10, "a real subset: " + cryptoAndApple.size());
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(clients.close());
  }

  private static WsClient authed(List<String> grants) {
    WsClient client = WsClient.connect(clients, new WebSocketClientOptions(),
        WsClient.to(node.httpPort(), "Authorization", "Bearer " + tokens.token("bob", grants, 600)));
    client.next("welcome");
    return client;
  }

  private static Set<String> symbolsOf(JsonObject frame) {
    return frame.getJsonArray("ticks").stream().map(t -> ((JsonObject) t).getString("symbol")).collect(Collectors.toSet());
  }

  @Test
  void starMeansEveryGrantedSymbolAndLaterFramesNeverCarryAnotherOne() {
    try (WsClient client = authed(List.of("kind:crypto", "AAPL"))) {
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      assertEquals(List.of("*"), client.next("subscribed").getJsonArray("symbols").getList());
      assertEquals(cryptoAndApple, symbolsOf(client.next("snapshot")), "the snapshot holds exactly the granted symbols");
      // Thousands of ticks later, not one ungranted symbol.
      TestSupport.until(() -> client.ofType("update").stream().mapToInt(r -> r.json().getJsonArray("ticks").size()).sum() > 3000,
          Duration.ofSeconds(30), "3000 ticks received");
      Set<String> seen = new HashSet<>();
      client.ofType("update").forEach(r -> seen.addAll(symbolsOf(r.json())));
      assertTrue(cryptoAndApple.containsAll(seen), "ungranted symbols in updates: " + minus(seen, cryptoAndApple));
      assertTrue(seen.size() > cryptoAndApple.size() / 2, "granted symbols do arrive: " + seen.size());
    }
  }

  @Test
  void ungrantedSymbolsAreForbiddenByNameAndTheGrantedOnesOfTheSameRequestAreServed() {
    try (WsClient client = authed(List.of("kind:crypto", "AAPL"))) {
      client.send("{\"op\":\"subscribe\",\"id\":3,\"symbols\":[\"BTC-USD\",\"MSFT\",\"AAPL\",\"NVDA\"]}");
      JsonObject forbidden = client.next("error");
      assertEquals("FORBIDDEN", forbidden.getString("code"));
      assertEquals(3, forbidden.getInteger("id"));
      assertTrue(forbidden.getString("message").contains("MSFT") && forbidden.getString("message").contains("NVDA"), forbidden.encode());
      assertFalse(forbidden.getString("message").contains("AAPL"), forbidden.encode());
      assertEquals(List.of("BTC-USD", "AAPL"), client.next("subscribed").getJsonArray("symbols").getList());
      assertEquals(Set.of("BTC-USD", "AAPL"), symbolsOf(client.next("snapshot")));

      client.send("{\"op\":\"subscribe\",\"id\":4,\"symbols\":[\"MSFT\"]}");
      assertEquals("FORBIDDEN", client.next("error").getString("code"));
      client.send("{\"op\":\"ping\",\"id\":5}");
      client.next("pong");
      assertTrue(client.ofType("subscribed").size() == 1, "nothing subscribed when nothing is granted: " + client.types());
    }
  }

  @Test
  void candlesOfUngrantedSymbolsAreForbiddenOverWebSocketAndRestAndTokensAreNeeded() {
    try (WsClient client = authed(List.of("kind:crypto"))) {
      client.send("{\"op\":\"candles\",\"id\":1,\"symbol\":\"MSFT\",\"tf\":\"1m\"}");
      JsonObject forbidden = client.next("error");
      assertEquals("FORBIDDEN", forbidden.getString("code"));
      assertTrue(forbidden.getString("message").contains("MSFT"), forbidden.encode());
      client.send("{\"op\":\"candles\",\"id\":2,\"symbol\":\"BTC-USD\",\"tf\":\"1s\"}");
      assertEquals("BTC-USD", client.next("candles").getString("symbol"));
      assertEquals("BTC-USD", client.next("candle").getString("symbol"), "the granted stream runs");
    }
    try (WsClient anonymous = WsClient.connect(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort()))) {
      anonymous.send("{\"op\":\"candles\",\"symbol\":\"BTC-USD\",\"tf\":\"1s\"}");
      assertEquals("UNAUTHORIZED", anonymous.next("error").getString("code"));
    }
    int port = node.httpPort();
    String token = tokens.token("dave", List.of("kind:crypto"), 600);
    assertEquals(401, TestSupport.get(port, "/api/candles?symbol=BTC-USD&tf=1m").status());
    TestSupport.HttpReply msft = TestSupport.get(port, "/api/candles?symbol=MSFT&tf=1m", token);
    assertEquals(403, msft.status());
    assertEquals("FORBIDDEN", msft.json().getString("code"));
    assertEquals(200, TestSupport.get(port, "/api/candles?symbol=BTC-USD&tf=1m", token).status());
  }

  @Test
  void theSymbolsOpListsOnlyGrantedSymbols() {
    try (WsClient client = authed(List.of("kind:stock"))) {
      client.send("{\"op\":\"symbols\"}");
      JsonArray listed = client.next("symbols").getJsonArray("symbols");
      Set<String> stocks = universe.stream().filter(s -> "stock".equals(s.getString("kind"))).map(s -> s.getString("symbol"))
          .collect(Collectors.toSet());
      assertEquals(stocks, listed.stream().map(o -> ((JsonObject) o).getString("symbol")).collect(Collectors.toSet()));
    }
  }

  @Test
  void aTokenWithoutGrantsGetsNoData() {
    try (WsClient client = authed(List.of())) {
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      client.next("subscribed");
      assertTrue(symbolsOf(client.next("snapshot")).isEmpty());
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"]}");
      assertEquals("FORBIDDEN", client.next("error").getString("code"));
    }
  }

  @Test
  void restNeedsABearerTokenAndAnswersWithGrantedSymbolsOnly() {
    int port = node.httpPort();
    TestSupport.HttpReply none = TestSupport.get(port, "/api/snapshot");
    assertEquals(401, none.status());
    assertEquals("UNAUTHORIZED", none.json().getString("code"));
    assertEquals(401, TestSupport.get(port, "/api/symbols", "not-a-token").status());
    String token = tokens.token("carol", List.of("kind:crypto", "AAPL"), 600);

    JsonObject all = TestSupport.get(port, "/api/snapshot", token).json();
    assertEquals(cryptoAndApple, symbolsOf(all));
    TestSupport.HttpReply msft = TestSupport.get(port, "/api/snapshot?symbols=BTC-USD,MSFT", token);
    assertEquals(403, msft.status());
    assertEquals("FORBIDDEN", msft.json().getString("code"));
    assertTrue(msft.json().getString("message").contains("MSFT"));
    assertEquals(Set.of("BTC-USD", "AAPL"), symbolsOf(TestSupport.get(port, "/api/snapshot?symbols=BTC-USD,AAPL", token).json()));
    Set<String> listed = TestSupport.get(port, "/api/symbols", token).json().getJsonArray("symbols").stream()
        .map(o -> ((JsonObject) o).getString("symbol")).collect(Collectors.toSet());
    assertEquals(cryptoAndApple, listed);
    // The page and health stay open.
    assertEquals(200, TestSupport.get(port, "/").status());
    assertEquals(200, TestSupport.get(port, "/health/live").status());
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> rest = new HashSet<>(a);
    rest.removeAll(b);
    return rest;
  }
}
