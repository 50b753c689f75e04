package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upstream feed dies and comes back (restarted, counting seq from 1 again). */
class FeedLossTest {

  @Test
  void clientsSeeStaleThenLiveAndSeqKeepsRisingAcrossAFeedRestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    int feedPort = TestSupport.freePort(); // fixed across the restart, so not 0
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
    TickerNode node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed",
        "--feed-stale-ms", "500", "--feed-reconnect-max-ms", "300");
    try {
      TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      WsClient client = WsClient.connect(vertx, node.httpPort());
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
      client.next("update");

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

      Map<String, Long> lastSeq = new HashMap<>();
      Map<String, JsonObject> view = new HashMap<>();
      for (WsClient.Received frame : client.received) {
        if ("snapshot".equals(frame.type()) || "update".equals(frame.type())) {
          for (Object o : frame.json().getJsonArray("ticks")) {
            JsonObject tick = (JsonObject) o;
            Long before = lastSeq.put(tick.getString("symbol"), tick.getLong("seq"));
            assertTrue(before == null || tick.getLong("seq") > before, "seq never goes backwards: " + tick);
            view.put(tick.getString("symbol"), tick);
          }
        }
      }
      assertEquals(snapshot, view, "the client's view converged to the server's");
      assertEquals(snapshot, TestSupport.snapshot(node.httpPort()), "and the server's stayed put");
      client.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
