package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ticker.service.testing.ClusterJvms;
import io.ticker.service.testing.JvmProcess;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three service JVMs and a simulator JVM on loopback, from the built jars: kill -9 the leader,
 * another node takes over the feed, clients on the survivors see stale then live and converge, a
 * restarted node rejoins and serves the same snapshot.
 */
class ClusterFailoverIT {

  @Test
  void killingTheLeaderMovesTheFeedAndEveryoneConverges() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ClusterJvms cluster = ClusterJvms.onLoopback(3)) {
      JvmProcess simulator = cluster.startSimulator(2000, 30);
      long t0 = System.currentTimeMillis();
      JvmProcess leader = cluster.startNode(0);
      TestSupport.until(() -> cluster.ready(0), Duration.ofSeconds(60), "n1 ready");
      System.out.printf("startup-to-ready n1 (first member): %d ms%n", System.currentTimeMillis() - t0);
      for (int i = 1; i < 3; i++) {
        long start = System.currentTimeMillis();
        cluster.startNode(i);
        int node = i;
        TestSupport.until(() -> cluster.ready(node), Duration.ofSeconds(60), "n" + (i + 1) + " ready");
        System.out.printf("startup-to-ready n%d (joining): %d ms%n", i + 1, System.currentTimeMillis() - start);
      }
      assertEquals("n1", cluster.health(1).getJsonObject("cluster").getString("leader"));

      List<WsClient> clients = new ArrayList<>();
      for (int i = 1; i < 3; i++) {
        WsClient client = WsClient.connect(vertx, cluster.httpPort(i));
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
        client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(20));
        clients.add(client);
      }

      long killedAt = System.currentTimeMillis();
      leader.kill();
      for (WsClient client : clients) {
        assertEquals("stale", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(30)).getString("feed"));
        assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(30)).getString("feed"));
      }
      long takeover = clients.stream().mapToLong(c -> c.received.stream()
          .filter(r -> "status".equals(r.type()) && "live".equals(r.json().getString("feed")) && r.atMs() > killedAt)
          .mapToLong(WsClient.Received::atMs).min().orElseThrow()).max().orElseThrow() - killedAt;
      System.out.printf("takeover after kill -9 of the leader (kill to 'live' on every survivor's clients): %d ms%n", takeover);
      assertEquals(1, cluster.leaders(1, 2), "exactly one node ingests after the cluster settles");

      // The killed node comes back and rejoins; it serves a full snapshot before it says ready.
      cluster.startNode(0);
      TestSupport.until(() -> cluster.ready(0), Duration.ofSeconds(60), "n1 ready again");
      assertEquals(30, cluster.snapshot(0).size());
      assertEquals(1, cluster.leaders(0, 1, 2), "still exactly one leader after the rejoin");

      // The feed goes quiet: every node and every client agree on every value.
      assertEquals(0, simulator.terminate(), "the simulator exits 0 on SIGTERM");
      for (WsClient client : clients) {
        client.next(j -> "status".equals(j.getString("type")) && "stale".equals(j.getString("feed")), Duration.ofSeconds(10));
      }
      // Quiet feed, fixed snapshots: wait until every node and every client has caught up with them.
      Map<String, JsonObject> reference = cluster.snapshot(1);
      assertEquals(30, reference.size());
      TestSupport.until(() -> reference.equals(cluster.snapshot(0)) && reference.equals(cluster.snapshot(2))
          && clients.stream().allMatch(c -> reference.equals(TestSupport.view(c))), Duration.ofSeconds(30),
          "every node's /api/snapshot and every client's view agree");
      assertEquals(reference, cluster.snapshot(1), "the reference stayed put");
      for (WsClient client : clients) {
        assertEquals(reference, ClusterChecks.checkedView(client), "a surviving client's view (seq never went backwards)");
      }

      // SIGTERM to a node: its clients are told 1001 and it exits 0.
      assertEquals(0, cluster.node(1).terminate(), "a node exits 0 on SIGTERM");
      assertEquals(1001, clients.get(0).awaitClose(Duration.ofSeconds(20)));
      clients.forEach(WsClient::close);
    } finally {
      await(vertx.close());
    }
  }
}
