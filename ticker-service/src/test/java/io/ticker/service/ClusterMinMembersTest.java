package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --cluster-min-members 2} on two clustered nodes in one JVM: alone, a node neither ingests
 * nor reports ready, and tells its clients the feed is stale; with its peer it serves; when the peer
 * leaves it stops again, and the simulator loses its one consumer.
 */
class ClusterMinMembersTest {

  private static final int[] PORTS = {TestSupport.freePort(), TestSupport.freePort()};
  private static final String MEMBERS = "127.0.0.1:" + PORTS[0] + ",127.0.0.1:" + PORTS[1];

  private static Future<TickerNode> node(String id, int port, String feedUrl) {
    return TestSupport.clusterNode(id, port, MEMBERS, feedUrl, "--cluster-min-members", "2");
  }

  @Test
  void aNodeThatSeesTooFewMembersNeitherIngestsNorReportsReadyAndSaysStale() {
    Vertx vertx = Vertx.vertx();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, 0, 2000, 30, 5);
    String feed = "ws://127.0.0.1:" + sim.actualPort() + "/feed";
    List<TickerNode> nodes = new ArrayList<>();
    try {
      TickerNode n1 = await(node("n1", PORTS[0], feed));
      nodes.add(n1);
      WsClient client = WsClient.connect(vertx, n1.httpPort());
      assertEquals("stale", client.next("status").getString("feed"), "a new client hears the feed is stale");
      TestSupport.HttpReply alone = TestSupport.get(n1.httpPort(), "/health/ready");
      assertEquals(503, alone.status());
      JsonObject cluster = alone.json().getJsonObject("cluster");
      assertEquals(1, cluster.getInteger("members"));
      assertEquals(2, cluster.getInteger("minMembers"));
      assertNull(cluster.getString("leader"), "no leader below the minimum");
      assertTrue(alone.json().getString("reason").contains("fewer than --cluster-min-members 2"), alone.body());
      assertEquals(0.0, TestSupport.metric(n1.httpPort(), "ticker_cluster_leader"));
      assertEquals("0", consumers(sim), "nobody ingests");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");

      TickerNode n2 = await(node("n2", PORTS[1], feed));
      nodes.add(n2);
      for (TickerNode node : nodes) {
        TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(30), node.nodeId() + " ready");
      }
      assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(20)).getString("feed"));
      client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(20));
      assertTrue(n1.isLeader(), "the oldest member leads once there are enough");
      assertEquals("1", consumers(sim));

      await(n2.stop());
      nodes.remove(n2);
      assertEquals("stale", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(20)).getString("feed"));
      TestSupport.until(() -> "0".equals(consumers(sim)), Duration.ofSeconds(10), "n1 stops ingesting");
      assertEquals(503, TestSupport.get(n1.httpPort(), "/health/ready").status());
      assertEquals(0.0, TestSupport.metric(n1.httpPort(), "ticker_cluster_leader"));
      client.close();
    } finally {
      nodes.forEach(n -> n.stop().toCompletionStage().toCompletableFuture().join());
      await(vertx.close());
    }
  }

  private static String consumers(FeedServerVerticle sim) {
    return TestSupport.get(sim.actualPort(), FeedServerVerticle.CONSUMERS_PATH).body();
  }
}
