package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Three clustered nodes in one JVM: one ingest leader, ticks reach clients on every node, failover. */
class ClusterTest {

  private static final int[] PORTS = {TestSupport.freePort(), TestSupport.freePort(), TestSupport.freePort()};
  private static final String MEMBERS = "127.0.0.1:" + PORTS[0] + ",127.0.0.1:" + PORTS[1] + ",127.0.0.1:" + PORTS[2];

  private static Future<TickerNode> node(String id, int port, String feedUrl) {
    return TestSupport.clusterNode(id, port, MEMBERS, feedUrl);
  }

  @Test
  void oneLeaderIngestsTicksReachEveryNodeAndAnotherTakesOverWhenItLeaves() {
    Vertx vertx = Vertx.vertx();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, 0, 2000, 30, 21);
    String feed = "ws://127.0.0.1:" + sim.actualPort() + "/feed";
    List<TickerNode> nodes = new ArrayList<>();
    try {
      nodes.add(await(node("n1", PORTS[0], feed))); // the oldest member: the leader
      nodes.addAll(await(Future.all(node("n2", PORTS[1], feed), node("n3", PORTS[2], feed))).list());
      for (TickerNode node : nodes) {
        TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200,
            Duration.ofSeconds(20), node.nodeId() + " ready");
        JsonObject cluster = TestSupport.get(node.httpPort(), "/health/ready").json().getJsonObject("cluster");
        assertEquals(3, cluster.getInteger("members"), node.nodeId() + " sees the cluster");
        assertEquals("n1", cluster.getString("leader"), node.nodeId() + " agrees on the leader");
      }
      assertEquals(1, nodes.stream().filter(TickerNode::isLeader).count(), "exactly one leader");
      assertTrue(TestSupport.metric(nodes.get(0).httpPort(), "ticker_ticks_in_total") > 0, "the leader ingests");
      for (TickerNode follower : nodes.subList(1, 3)) {
        assertEquals(0.0, TestSupport.metric(follower.httpPort(), "ticker_ticks_in_total"), "followers do not ingest");
        assertEquals(0.0, TestSupport.metric(follower.httpPort(), "ticker_cluster_leader"));
      }

      List<WsClient> clients = new ArrayList<>();
      for (TickerNode node : nodes) {
        WsClient client = WsClient.connect(vertx, node.httpPort());
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
        assertEquals(30, client.next("snapshot").getJsonArray("ticks").size(), "full snapshot on " + node.nodeId());
        client.next("update");
        clients.add(client);
      }

      await(nodes.get(0).stop()); // the leader leaves
      for (WsClient client : clients.subList(1, 3)) {
        assertEquals("stale", client.next("status").getString("feed"));
        assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(15)).getString("feed"));
        client.next("update");
      }
      TestSupport.until(() -> nodes.get(1).isLeader() || nodes.get(2).isLeader(), Duration.ofSeconds(5), "a new leader");
      assertEquals(1, nodes.subList(1, 3).stream().filter(TickerNode::isLeader).count(), "exactly one new leader");
      clients.forEach(WsClient::close);
    } finally {
      nodes.forEach(n -> n.stop().toCompletionStage().toCompletableFuture().join());
      await(vertx.close());
    }
  }
}
