package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A flapping feed: the simulator drops 10 times within 30 s (undeployed: its consumers are closed,
 * then back on the same port, counting seq from 1 again). Clients see stale and live strictly in
 * turn, each drop and return once, end live, and converge to the server's snapshot with seq never
 * going backwards.
 */
class FeedFlappingTest {

  private static final int DROPS = 10;

  @Test
  void tenDropsIn30SecondsGiveStaleAndLiveInTurnAndClientsConverge() {
    Vertx vertx = Vertx.vertx();
    int feedPort = TestSupport.freePort();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 6);
    TickerNode node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed",
        "--feed-stale-ms", "500", "--feed-reconnect-max-ms", "300");
    try {
      TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      WsClient client = WsClient.connect(vertx, node.httpPort());
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
      client.next("update");
      long start = System.currentTimeMillis();
      for (int drop = 1; drop <= DROPS; drop++) {
        await(vertx.undeploy(sim.deploymentID()));
        assertEquals("stale", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(10)).getString("feed"), "drop " + drop);
        sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 6 + drop);
        assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(10)).getString("feed"), "return " + drop);
        int updates = client.ofType("update").size();
        TestSupport.until(() -> client.ofType("update").size() > updates, Duration.ofSeconds(10), "an update after return " + drop);
      }
      long flappedMs = System.currentTimeMillis() - start;
      assertTrue(flappedMs <= 30_000, DROPS + " drops and returns took " + flappedMs + " ms, not within 30 s");

      List<String> statuses = client.ofType("status").stream().map(r -> r.json().getString("feed")).toList();
      assertEquals(2 * DROPS, statuses.size(), "one stale and one live per drop: " + statuses);
      for (int i = 0; i < statuses.size(); i++) {
        assertEquals(i % 2 == 0 ? "stale" : "live", statuses.get(i), "stale and live in turn: " + statuses);
      }
      assertEquals(200, TestSupport.get(node.httpPort(), "/health/ready").status(), "ready after the last return");

      await(vertx.undeploy(sim.deploymentID()));
      client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(10));
      Map<String, JsonObject> snapshot = TestSupport.snapshot(node.httpPort());
      TestSupport.until(() -> TestSupport.view(client).equals(snapshot), Duration.ofSeconds(10), "the client's view equals /api/snapshot");
      assertEquals(snapshot, ClusterChecks.checkedView(client), "converged, seq never backwards");
      System.out.printf("feed flapping: %d drops and returns in %d ms, statuses in turn, converged%n", DROPS, flappedMs);
      client.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
