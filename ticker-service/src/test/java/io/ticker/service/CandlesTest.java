package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.protocol.Timeframe;
import io.ticker.service.candles.CandleReference;
import io.ticker.service.candles.CandleReference.FeedTick;
import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Candles end to end: a real simulator, a raw consumer of its feed recording every tick it sends ({@link FeedRecorder}),
 * and a node fed by it. What the node serves over REST and WebSocket must be exactly the candles of
 * the ticks the feed sent, and a stream must close each candle once.
 */
class CandlesTest {

  private static JsonArray restCandles(int port, String symbol, Timeframe tf) {
    TestSupport.HttpReply reply = TestSupport.get(port, "/api/candles?symbol=" + symbol + "&tf=" + tf.wire() + "&limit=5000");
    assertEquals(200, reply.status(), reply.body());
    assertEquals(symbol, reply.json().getString("symbol"));
    assertEquals(tf.wire(), reply.json().getString("tf"));
    return reply.json().getJsonArray("candles");
  }

  /** The node took the feed from its snapshot on: the last {@code count} ticks the raw consumer saw. */
  private static List<FeedTick> lastTicks(List<FeedTick> all, long count) {
    return all.subList(all.size() - (int) count, all.size());
  }

  @Test
  void restAndWebSocketAgreeWithEveryTickTheFeedSentAndAStreamClosesEachCandleOnce() {
    Vertx vertx = Vertx.vertx();
    TickerNode node = null;
    try {
      FeedServerVerticle sim = TestSupport.startSimulator(vertx, 0, 1500, 12, 17);
      FeedRecorder raw = FeedRecorder.connect(vertx, sim.actualPort());
      TestSupport.until(() -> raw.symbols().size() == 12, Duration.ofSeconds(10), "raw consumer has every symbol");
      node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + sim.actualPort() + "/feed", "--fanout-instances", "2",
          "--feed-reconnect-max-ms", "60000");
      int port = node.httpPort();
      TestSupport.until(() -> TestSupport.get(port, "/health/ready").status() == 200, Duration.ofSeconds(15), "ready");

      WsClient stream = WsClient.connect(vertx, port);
      stream.send("{\"op\":\"candles\",\"id\":1,\"symbol\":\"BTC-USD\",\"tf\":\"1s\",\"limit\":3}");
      JsonObject history = stream.next("candles");
      assertEquals(1, history.getInteger("id"));
      long historyLastT = history.getJsonArray("candles").getJsonObject(history.getJsonArray("candles").size() - 1).getLong("t");
      TestSupport.until(() -> closedFrames(stream).size() >= 4, Duration.ofSeconds(20), "four 1s candles closed on the stream");

      await(vertx.undeploy(sim.deploymentID())); // the feed stops: from here on nothing changes
      TestSupport.until(() -> TestSupport.get(port, "/health/ready").status() == 503, Duration.ofSeconds(15), "feed gone");
      raw.assertComplete();

      for (String symbol : raw.symbols()) {
        List<FeedTick> all = raw.ticks(symbol);
        long ingested = restCandles(port, symbol, Timeframe.H1).stream().mapToLong(c -> ((JsonObject) c).getLong("n")).sum();
        assertTrue(ingested >= 1 && ingested <= all.size(), symbol + ": " + ingested);
        List<FeedTick> ticks = lastTicks(all, ingested);
        for (Timeframe tf : Timeframe.values()) {
          JsonArray expected = new JsonArray(CandleReference.recompute(ticks, tf, tf.defaultDepth()).stream()
              .map(CandleReference::json).toList());
          assertEquals(expected, restCandles(port, symbol, tf), symbol + " " + tf);
        }
      }
      // The WebSocket history is the same as REST's.
      WsClient other = WsClient.connect(vertx, port);
      for (Timeframe tf : Timeframe.values()) {
        other.send("{\"op\":\"candles\",\"symbol\":\"ETH-USD\",\"tf\":\"" + tf.wire() + "\",\"limit\":5000}");
        assertEquals(restCandles(port, "ETH-USD", tf), other.next("candles").getJsonArray("candles"), tf.wire());
      }

      // The stream: every candle that closed after its history began came once as closed, final.
      JsonArray all = restCandles(port, "BTC-USD", Timeframe.S1);
      long newestT = all.getJsonObject(all.size() - 1).getLong("t");
      Map<Long, JsonObject> shouldClose = all.stream().map(c -> (JsonObject) c)
          .filter(c -> c.getLong("t") >= historyLastT && c.getLong("t") < newestT)
          .collect(Collectors.toMap(c -> c.getLong("t"), c -> c, (a, b) -> a, TreeMap::new));
      TestSupport.until(() -> closedFrames(stream).size() >= shouldClose.size(), Duration.ofSeconds(5), "last closed candle");
      List<JsonObject> closed = closedFrames(stream);
      assertEquals(new ArrayList<>(shouldClose.values()), closed, "one closed:true per closed candle, with its final values");
      // Forming frames only when the candle changed: never the same candle state twice.
      List<String> forming = stream.ofType("candle").stream().filter(r -> !r.json().getBoolean("closed"))
          .map(r -> r.json().getJsonObject("candle").getLong("t") + "/" + r.json().getJsonObject("candle").getLong("n")).toList();
      assertEquals(forming.size(), forming.stream().distinct().count(), "a repeated forming frame: " + forming);
    } finally {
      if (node != null) {
        await(node.stop());
      }
      await(vertx.close());
    }
  }

  private static List<JsonObject> closedFrames(WsClient client) {
    return client.ofType("candle").stream().filter(r -> r.json().getBoolean("closed"))
        .map(r -> r.json().getJsonObject("candle")).toList();
  }

  @Test
  void badRequestsGetCodedErrorsAndTheConnectionStaysUsable() {
    TickerNode node = TestSupport.startNode("--sim-rate", "200", "--sim-symbols", "10", "--max-candle-streams-per-conn", "1");
    Vertx vertx = Vertx.vertx();
    try {
      int port = node.httpPort();
      TestSupport.until(() -> TestSupport.get(port, "/health/ready").status() == 200, Duration.ofSeconds(15), "ready");
      for (String query : List.of("tf=1m", "symbol=BTC-USD", "symbol=BTC-USD&tf=1d", "symbol=BTC-USD&tf=1m&limit=0",
          "symbol=BTC-USD&tf=1m&limit=5001", "symbol=BTC-USD&tf=1m&limit=x")) {
        TestSupport.HttpReply reply = TestSupport.get(port, "/api/candles?" + query);
        assertEquals(400, reply.status(), query);
        assertEquals("BAD_REQUEST", reply.json().getString("code"), query);
      }
      TestSupport.HttpReply unknown = TestSupport.get(port, "/api/candles?symbol=NOPE&tf=1m");
      assertEquals(404, unknown.status());
      assertEquals("UNKNOWN_SYMBOL", unknown.json().getString("code"));

      WsClient client = WsClient.connect(vertx, port);
      client.send("{\"op\":\"candles\",\"id\":1,\"symbol\":\"BTC-USD\",\"tf\":\"2h\"}");
      assertEquals("BAD_REQUEST", client.next("error").getString("code"));
      client.send("{\"op\":\"candles\",\"id\":2,\"symbol\":\"NOPE\",\"tf\":\"1m\"}");
      assertEquals("UNKNOWN_SYMBOL", client.next("error").getString("code"));
      client.send("{\"op\":\"candles\",\"id\":3,\"symbol\":\"BTC-USD\",\"tf\":\"1m\"}");
      client.next("candles");
      client.send("{\"op\":\"candles\",\"id\":4,\"symbol\":\"ETH-USD\",\"tf\":\"1m\"}");
      JsonObject limit = client.next("error");
      assertEquals("LIMIT_EXCEEDED", limit.getString("code"));
      assertEquals(4, limit.getInteger("id"));
      client.send("{\"op\":\"uncandles\",\"id\":5,\"symbol\":\"BTC-USD\",\"tf\":\"1m\"}");
      assertEquals(5, client.next("uncandled").getInteger("id"));
      client.send("{\"op\":\"candles\",\"id\":6,\"symbol\":\"ETH-USD\",\"tf\":\"1m\"}");
      assertEquals("ETH-USD", client.next("candles").getString("symbol"), "room again after uncandles");
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
