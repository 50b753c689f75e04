package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upstream feed dies and comes back (restarted, counting seq from 1 again). */
class FeedLossTest {

  @Test
  void clientsSeeStaleThenLiveAndSeqKeepsRisingAcrossAFeedRestart() throws Exception {
    Vertx vertx = Vertx.vertx();
    int feedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      feedPort = s.getLocalPort();
    }
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
    TickerNode node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed",
        "--feed-stale-ms", "500", "--feed-reconnect-max-ms", "300");
    try {
      TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      WsClient client = WsClient.connect(vertx, node.httpPort());
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
      client.next("update");

      await(vertx.undeploy(sim.deploymentID()));
      JsonObject stale = client.next("status");
      assertEquals("stale", stale.getString("feed"));
      assertTrue(stale.getLong("since") > 0);
      TestSupport.HttpReply ready = TestSupport.get(node.httpPort(), "/health/ready");
      assertEquals(503, ready.status());
      assertEquals("stale", ready.json().getString("feed"));

      sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
      assertEquals("live", client.next("status").getString("feed"));
      client.next("update");
      TestSupport.sleep(1000);
      await(vertx.undeploy(sim.deploymentID()));
      client.next("status");
      TestSupport.sleep(300);

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
      Map<String, JsonObject> server = new HashMap<>();
      TestSupport.get(node.httpPort(), "/api/snapshot").json().getJsonArray("ticks")
          .forEach(o -> server.put(((JsonObject) o).getString("symbol"), (JsonObject) o));
      assertEquals(server, view, "the client's view converged to the server's");
      client.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
