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
  /** Frames per client before the feed stops: the window is as long as it takes to see them, never a fixed time. */
  private static final int MIN_UPDATES = 6;

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
      // A long window, counted in frames rather than wall time: a loaded machine only makes it longer.
      TestSupport.until(() -> clients.stream().allMatch(c -> c.ofType("update").size() >= MIN_UPDATES), Duration.ofSeconds(60),
          "every client got " + MIN_UPDATES + " update frames");
      await(vertx.undeploy(sim.deploymentID())); // the feed goes quiet
      for (WsClient client : clients) {
        client.next(j -> "status".equals(j.getString("type")) && "stale".equals(j.getString("feed")), Duration.ofSeconds(10));
      }
      // Every pending change is flushed: each client's view of what it subscribed equals the server's.
      Map<String, JsonObject> server = TestSupport.snapshot(node.httpPort());
      TestSupport.until(() -> {
        for (int i = 0; i < clients.size(); i++) {
          Map<String, JsonObject> view = TestSupport.view(clients.get(i));
          for (String symbol : subscriptions.get(i)) {
            if (!server.get(symbol).equals(view.get(symbol))) {
              return false;
            }
          }
        }
        return true;
      }, Duration.ofSeconds(20), "every client's view converged to /api/snapshot");
      assertEquals(server, TestSupport.snapshot(node.httpPort()), "the server's snapshot stays put once the feed is quiet");

      for (int i = 0; i < clients.size(); i++) {
        checkClient(clients.get(i), subscriptions.get(i), intervals.get(i), server);
      }
      // The server's own count of what it wrote equals what the clients got: no frame the clients
      // did not see, none they saw that the server did not count.
      long frames = clients.stream().mapToLong(c -> c.ofType("update").size()).sum();
      long ticks = clients.stream().flatMap(c -> c.ofType("update").stream())
          .mapToLong(r -> r.json().getJsonArray("ticks").size()).sum();
      TestSupport.until(() -> TestSupport.metric(node.httpPort(), "ticker_frames_out_total") == frames
          && TestSupport.metric(node.httpPort(), "ticker_ticks_out_total") == ticks, Duration.ofSeconds(10),
          "ticker_frames_out_total == " + frames + " and ticker_ticks_out_total == " + ticks);
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
    List<long[]> updates = new ArrayList<>(); // {arrival ms, newest ts in the frame}
    for (WsClient.Received frame : client.received) {
      String type = frame.type();
      if (!"snapshot".equals(type) && !"update".equals(type)) {
        continue;
      }
      if ("update".equals(type)) {
        updates.add(new long[] {frame.atMs(), TestSupport.newestTs(frame.json())});
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
    assertTrue(updates.size() >= MIN_UPDATES, "updates flowed at interval " + intervalMs + ": " + updates.size());
    // At most one frame per interval, judged on when the server must have built each frame rather
    // than on arrival gaps. Frame i was built after its newest tick was stamped (ts_i) and frame j
    // arrived after it was sent (at_j), and the server sends a connection frames at least an
    // interval apart: so at_j - ts_i >= (j - i) * interval for every pair. Arrival jitter only
    // makes at_j later, so there is no slack for it; what slack there is covers whole-millisecond
    // stamps (1 ms) and the server timing intervals on the monotonic clock while ts and arrival
    // use the wall clock (NTP may slew that by up to 0.5 ms per second).
    for (int i = 0; i < updates.size(); i++) {
      for (int j = i + 1; j < updates.size(); j++) {
        long span = updates.get(j)[0] - updates.get(i)[1];
        long slack = 1 + span / 1000;
        assertTrue(span >= (long) (j - i) * intervalMs - slack, "update " + j + " arrived " + span + " ms after the newest tick of update " + i
            + " was stamped, but " + (j - i) + " intervals of " + intervalMs + " ms must separate them");
      }
    }
    assertFalse(view.isEmpty());
    for (String symbol : subscribed) {
      assertEquals(server.get(symbol), view.get(symbol), "final value of " + symbol + " at interval " + intervalMs);
    }
  }
}
