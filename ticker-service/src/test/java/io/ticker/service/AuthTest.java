package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every path of the WebSocket token state machine, against a real node with {@code --auth jwt}. */
class AuthTest {

  @TempDir
  static Path dir;
  static TestTokens tokens;
  static TickerNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    tokens = TestTokens.hs256(dir, "secret");
    node = TestSupport.startNode("--sim-rate", "3000", "--sim-symbols", "60", "--sim-seed", "11",
        "--auth", "jwt", "--jwt-secret-file", tokens.file.toString(), "--jwt-issuer", "ticker-test", "--jwt-audience", "traders",
        "--auth-timeout-ms", "800", "--auth-expired-grace-ms", "1500");
    clients = Vertx.vertx();
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(15), "node ready");
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(clients.close());
  }

  private static String valid(List<String> grants, long ttlSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return tokens.sign(TestTokens.claims("alice", grants).put("exp", now + ttlSeconds).put("iss", "ticker-test").put("aud", "traders"));
  }

  private static WsClient connect() {
    WsClient client = WsClient.connect(clients, node.httpPort());
    assertEquals("jwt", client.next("welcome").getString("auth"), "welcome says a token is needed");
    return client;
  }

  private static double failures(String reason) {
    return TestSupport.metric(node.httpPort(), "ticker_auth_failures_total{reason=\"" + reason + "\"}");
  }

  @Test
  void withoutATokenEveryOpIsUnauthorizedAndTheSocketClosesAfterTheTimeout() {
    double before = failures("timeout");
    try (WsClient client = connect()) {
      client.send("{\"op\":\"subscribe\",\"id\":1,\"symbols\":[\"BTC-USD\"]}");
      JsonObject error = client.next("error");
      assertEquals("UNAUTHORIZED", error.getString("code"));
      assertEquals(1, error.getInteger("id"));
      client.send("{\"op\":\"ping\",\"id\":2}");
      assertEquals("UNAUTHORIZED", client.next("error").getString("code"));
      assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)));
      assertTrue(client.ofType("snapshot").isEmpty() && client.ofType("pong").isEmpty(), "nothing served: " + client.types());
    }
    TestSupport.until(() -> failures("timeout") > before, Duration.ofSeconds(5), "timeout counted");
  }

  @Test
  void everyBadTokenIsRefusedWithUnauthorizedThen1008() {
    long now = System.currentTimeMillis() / 1000;
    TestTokens stranger = TestTokens.hs256(dir, "someone-else");
    JsonObject good = TestTokens.claims("mallory", List.of("*")).put("iss", "ticker-test").put("aud", "traders");
    Map<String, String> bad = new java.util.LinkedHashMap<>();
    bad.put("bad signature", stranger.sign(good.copy().put("exp", now + 600)));
    bad.put("alg none", TestTokens.unsigned(good.copy().put("exp", now + 600)));
    bad.put("expired", tokens.sign(good.copy().put("exp", now - 60)));
    bad.put("not yet valid", tokens.sign(good.copy().put("exp", now + 600).put("nbf", now + 300)));
    bad.put("wrong issuer", tokens.sign(good.copy().put("exp", now + 600).put("iss", "someone")));
    bad.put("wrong audience", tokens.sign(good.copy().put("exp", now + 600).put("aud", "others")));
    bad.put("no exp", tokens.sign(good.copy()));
    bad.put("not a jwt", "hello.world");
    double invalidBefore = failures("invalid");
    for (Map.Entry<String, String> token : bad.entrySet()) {
      try (WsClient client = connect()) {
        client.send(new JsonObject().put("op", "auth").put("id", token.getKey()).put("token", token.getValue()));
        JsonObject error = client.next("error");
        assertEquals("UNAUTHORIZED", error.getString("code"), token.getKey());
        assertEquals(token.getKey(), error.getString("id"));
        assertEquals(1008, client.awaitClose(Duration.ofSeconds(5)), token.getKey());
        assertTrue(client.ofType("authed").isEmpty(), token.getKey());
      }
    }
    assertTrue(failures("invalid") >= invalidBefore + 6, "invalid tokens counted");
    assertTrue(failures("expired") >= 1 && failures("not_yet_valid") >= 1, "expired and not-yet-valid counted by reason");
  }

  @Test
  void theAuthOpAuthenticatesAndTellsWhoAndUntilWhen() {
    try (WsClient client = connect()) {
      client.send(new JsonObject().put("op", "auth").put("id", 7).put("token", valid(List.of("*"), 600)));
      JsonObject authed = client.next("authed");
      assertEquals(7, authed.getInteger("id"));
      assertEquals("alice", authed.getString("sub"));
      assertTrue(Math.abs(authed.getLong("expiresAt") - (System.currentTimeMillis() + 600_000)) < 5_000);
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":100}");
      client.next("snapshot");
      client.next("update");
    }
  }

  @Test
  void aBearerHeaderOnTheUpgradeAuthenticatesAtOnceAndABadOneGetsNoSocket() {
    try (WsClient client = WsClient.connect(clients, new WebSocketClientOptions(),
        WsClient.to(node.httpPort(), "Authorization", "Bearer " + valid(List.of("kind:crypto"), 600)))) {
      client.next("welcome");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"ETH-USD\"],\"intervalMs\":100}");
      assertEquals(List.of("ETH-USD"), client.next("subscribed").getJsonArray("symbols").getList());
      client.next("snapshot");
    }
    String forged = TestTokens.hs256(dir, "forger").token("alice", List.of("*"), 600);
    assertEquals(401, WsClient.upgradeStatus(clients, new WebSocketClientOptions(),
        WsClient.to(node.httpPort(), "Authorization", "Bearer " + forged)));
  }

  @Test
  void aRefreshExtendsTheSessionAndFewerGrantsDropSymbols() {
    try (WsClient client = connect()) {
      client.send(new JsonObject().put("op", "auth").put("token", valid(List.of("BTC-USD", "ETH-USD", "AAPL"), 2)));
      long firstExpiry = client.next("authed").getLong("expiresAt");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\",\"ETH-USD\",\"AAPL\"],\"intervalMs\":100}");
      client.next("snapshot");
      client.send("{\"op\":\"candles\",\"symbol\":\"AAPL\",\"tf\":\"1m\"}");
      client.next("candles");
      client.send(new JsonObject().put("op", "auth").put("id", "refresh").put("token", valid(List.of("BTC-USD"), 600)));
      assertTrue(client.next("authed").getLong("expiresAt") > firstExpiry + 100_000, "refresh extends");
      JsonObject dropped = client.next("unsubscribed");
      assertEquals(Set.of("ETH-USD", "AAPL"), Set.copyOf(dropped.getJsonArray("symbols").getList()));
      JsonObject uncandled = client.next("uncandled");
      assertEquals("AAPL", uncandled.getString("symbol"), "the candle stream of a symbol no longer granted ends too");
      assertEquals(null, uncandled.getValue("id"));
      int afterDrop = client.received.size();
      // Past the first token's expiry: the refreshed session keeps getting data, and only what it still holds.
      TestSupport.until(() -> System.currentTimeMillis() > firstExpiry + 1000, Duration.ofSeconds(10), "first token expired");
      int seen = client.received.size();
      client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(5));
      TestSupport.until(() -> client.received.size() > seen + 3, Duration.ofSeconds(5), "more updates");
      Set<String> later = WsClient.since(client, afterDrop).stream()
          .filter(r -> "update".equals(r.type()))
          .flatMap(r -> r.json().getJsonArray("ticks").stream().map(t -> ((JsonObject) t).getString("symbol")))
          .collect(Collectors.toSet());
      assertEquals(Set.of("BTC-USD"), later, "only the symbols still granted");
      assertTrue(WsClient.since(client, afterDrop).stream().noneMatch(r -> "candle".equals(r.type())), "no AAPL candles");
      assertTrue(client.ofType("error").isEmpty(), "no error: " + client.types());
      assertEquals(null, client.closeCode);
    }
  }

  @Test
  void anExpiredTokenStopsTheDataAndClosesAfterTheGrace() {
    try (WsClient client = connect()) {
      client.send(new JsonObject().put("op", "auth").put("token", valid(List.of("*"), 2)));
      client.next("authed");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      client.next("snapshot");
      JsonObject expired = client.next(j -> "error".equals(j.getString("type")), Duration.ofSeconds(10));
      assertEquals("UNAUTHORIZED", expired.getString("code"));
      assertEquals("token expired", expired.getString("message"));
      int atExpiry = client.received.size();
      assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)));
      // At 50 ms with 3000 ticks/s, a connection still served would have had a dozen updates in the grace.
      assertTrue(WsClient.since(client, atExpiry).stream().noneMatch(r -> "update".equals(r.type())),
          "no data after expiry: " + client.types());
    }
  }

  @Test
  void aFreshTokenWithinTheGraceResumesTheData() {
    try (WsClient client = connect()) {
      client.send(new JsonObject().put("op", "auth").put("token", valid(List.of("*"), 1)));
      client.next("authed");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":50}");
      client.next("snapshot");
      client.next(j -> "error".equals(j.getString("type")), Duration.ofSeconds(10));
      client.send(new JsonObject().put("op", "auth").put("token", valid(List.of("*"), 600)));
      client.next("authed");
      client.next("update");
      TestSupport.until(() -> System.currentTimeMillis() > 0 && client.ofType("update").size() > 5, Duration.ofSeconds(10), "data resumed");
      assertEquals(null, client.closeCode);
    }
  }
}
