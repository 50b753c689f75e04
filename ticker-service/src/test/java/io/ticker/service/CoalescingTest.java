package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The coalescing contract, checked on every frame of many clients with random intervals and
 * random subscription sets: at most one frame per interval, at most one tick per symbol per frame,
 * only subscribed symbols, seq never backwards, and after the feed goes quiet every client's view
 * equals the server's snapshot.
 */
class CoalescingTest {

  private static final int[] INTERVALS = {50, 100, 250, 500};
  private static final int JITTER_MS = 25;

  @Test
  void everyClientGetsCoalescedOrderedFramesAndConvergesToTheServersView() {
    Vertx vertx = Vertx.vertx();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, 0, 4000, 40, 3);
    TickerNode node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + sim.actualPort() + "/feed",
        "--fanout-instances", "2", "--feed-stale-ms", "500");
    try {
      TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      List<String> universe = new ArrayList<>();
      TestSupport.get(node.httpPort(), "/api/symbols").json().getJsonArray("symbols")
          .forEach(o -> universe.add(((JsonObject) o).getString("symbol")));
      Random random = new Random(11);
      List<WsClient> clients = new ArrayList<>();
      List<Set<String>> subscriptions = new ArrayList<>();
      List<Integer> intervals = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        WsClient client = WsClient.connect(vertx, node.httpPort());
        int interval = INTERVALS[i % INTERVALS.length];
        Set<String> symbols = new HashSet<>();
        if (i % 5 == 4) {
          symbols.addAll(universe);
          client.send(new JsonObject().put("op", "subscribe").put("symbols", new JsonArray().add("*")).put("intervalMs", interval));
        } else {
          int n = 1 + random.nextInt(12);
          while (symbols.size() < n) {
            symbols.add(universe.get(random.nextInt(universe.size())));
          }
          client.send(new JsonObject().put("op", "subscribe").put("symbols", new JsonArray(new ArrayList<>(symbols))).put("intervalMs", interval));
        }
        clients.add(client);
        subscriptions.add(symbols);
        intervals.add(interval);
      }
      TestSupport.sleep(3000);
      await(vertx.undeploy(sim.deploymentID())); // the feed goes quiet
      for (WsClient client : clients) {
        client.next(j -> "status".equals(j.getString("type")) && "stale".equals(j.getString("feed")), Duration.ofSeconds(5));
      }
      TestSupport.sleep(700); // > the longest interval: every pending change has been flushed

      Map<String, JsonObject> server = new HashMap<>();
      TestSupport.get(node.httpPort(), "/api/snapshot").json().getJsonArray("ticks")
          .forEach(o -> server.put(((JsonObject) o).getString("symbol"), (JsonObject) o));
      for (int i = 0; i < clients.size(); i++) {
        checkClient(clients.get(i), subscriptions.get(i), intervals.get(i), server);
      }
      assertTrue(TestSupport.metric(node.httpPort(), "ticker_ticks_coalesced_total") > 0, "slow intervals coalesced ticks away");
      clients.forEach(WsClient::close);
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }

  private static void checkClient(WsClient client, Set<String> subscribed, int intervalMs, Map<String, JsonObject> server) {
    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, JsonObject> view = new HashMap<>();
    long firstUpdateAt = -1;
    long lastUpdateAt = -1;
    int updates = 0;
    for (WsClient.Received frame : client.received) {
      String type = frame.type();
      if (!"snapshot".equals(type) && !"update".equals(type)) {
        continue;
      }
      if ("update".equals(type)) {
        updates++;
        if (lastUpdateAt >= 0) {
          // Arrival times carry the client's own scheduling jitter: allow it, but never two at once.
          long gap = frame.atMs() - lastUpdateAt;
          assertTrue(gap >= intervalMs - JITTER_MS, "frames " + gap + " ms apart at interval " + intervalMs);
        } else {
          firstUpdateAt = frame.atMs();
        }
        lastUpdateAt = frame.atMs();
      }
      Set<String> inFrame = new HashSet<>();
      for (Object o : frame.json().getJsonArray("ticks")) {
        JsonObject tick = (JsonObject) o;
        String symbol = tick.getString("symbol");
        assertTrue(subscribed.contains(symbol), "only subscribed symbols, got " + symbol);
        assertTrue(inFrame.add(symbol), "at most one tick per symbol per frame: " + symbol);
        long seq = tick.getLong("seq");
        Long before = lastSeq.put(symbol, seq);
        assertTrue(before == null || seq > before, symbol + " seq went from " + before + " to " + seq);
        view.put(symbol, tick);
      }
    }
    assertTrue(updates >= 3, "updates flowed at interval " + intervalMs + ": " + updates);
    long allowed = (lastUpdateAt - firstUpdateAt + JITTER_MS) / intervalMs + 1;
    assertTrue(updates <= allowed, "at most one frame per interval over the run: " + updates + " frames, " + allowed + " intervals");
    assertFalse(view.isEmpty());
    for (String symbol : subscribed) {
      assertEquals(server.get(symbol), view.get(symbol), "final value of " + symbol + " at interval " + intervalMs);
    }
  }
}
