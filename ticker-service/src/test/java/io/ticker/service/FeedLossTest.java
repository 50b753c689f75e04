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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The upstream feed dies and comes back (restarted on the same port, counting seq from 1 again):
 * once, and flapping (10 drops within 30 s). Clients see stale and live in turn, seq keeps rising,
 * and they converge to the server's snapshot.
 */
class FeedLossTest {

  private static final int DROPS = 10;

  private Vertx vertx;
  private int feedPort;
  private FeedServerVerticle sim;
  private TickerNode node;
  private WsClient client;

  @BeforeEach
  void startFeedNodeAndClient() {
    vertx = Vertx.vertx();
    feedPort = TestSupport.freePort(); // fixed across the restarts, so not 0
    sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
    node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed",
        "--feed-stale-ms", "500", "--feed-reconnect-max-ms", "300");
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
    client = WsClient.connect(vertx, node.httpPort());
    client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
    client.next("update");
  }

  @AfterEach
  void stop() {
    await(node.stop());
    await(vertx.close());
  }

  @Test
  void clientsSeeStaleThenLiveAndSeqKeepsRisingAcrossAFeedRestart() throws Exception {
    await(vertx.undeploy(sim.deploymentID()));
    JsonObject stale = client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(10));
    assertEquals("stale", stale.getString("feed"));
    assertTrue(stale.getLong("since") > 0);
    TestSupport.HttpReply ready = TestSupport.get(node.httpPort(), "/health/ready");
    assertEquals(503, ready.status());
    assertEquals("stale", ready.json().getString("feed"));

    sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
    assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(20)).getString("feed"));
    int liveAgain = client.ofType("update").size();
    TestSupport.until(() -> client.ofType("update").size() >= liveAgain + 5, Duration.ofSeconds(30), "five updates from the restarted feed");
    await(vertx.undeploy(sim.deploymentID()));
    assertEquals("stale", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(10)).getString("feed"));
    // Quiet feed, fixed snapshot: wait until the last pending frame brought the client level with it.
    Map<String, JsonObject> snapshot = TestSupport.snapshot(node.httpPort());
    TestSupport.until(() -> TestSupport.view(client).equals(snapshot), Duration.ofSeconds(10), "the client's view equals /api/snapshot");

    assertEquals(snapshot, ClusterChecks.checkedView(client), "the client's view converged to the server's, seq never backwards");
    assertEquals(snapshot, TestSupport.snapshot(node.httpPort()), "and the server's stayed put");
    client.close();
  }

  @Test
  void tenDropsIn30SecondsGiveStaleAndLiveInTurnAndClientsConverge() {
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
  }
}
