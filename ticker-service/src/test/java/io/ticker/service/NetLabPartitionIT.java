package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.testing.ClusterJvms;
import io.ticker.service.testing.NetLab;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real network partitions (network namespaces on a bridge, {@link NetLab}); a cut node still
 * reaches the feed, as when a switch between the nodes fails.
 * <ul>
 *   <li>The leader n1 cut off from both followers, under {@code --cluster-min-members 2}: the
 *       majority elects a new leader and its clients stay live; the minority goes stale, not ready,
 *       and stops ingesting.</li>
 *   <li>A follower n3 cut off, with the default (no minimum): the majority goes on as if nothing
 *       happened; n3 leads itself, ingests the feed itself, and its clients stay live.</li>
 * </ul>
 * After each heal: one leader and one feed connection (counted at the simulator) within 10 s,
 * every node ready again, equal snapshots once the feed stops, and no client ever saw seq go
 * backwards.
 */
class NetLabPartitionIT {

  private static final int NODES = 3;

  @Test
  void theMajorityServesTheMinorityStopsAndTheHealLeavesOneLeaderAndOneFeedConnection() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NetLab lab = NetLab.create(); ClusterJvms cluster = ClusterJvms.placed(NODES, lab::place)) {
      cluster.startSimulator(2000, 30);
      ClusterChecks.startInOrder(cluster, NODES, "--cluster-min-members", "2");
      assertEquals(0, cluster.leaderIndex(0), "n1, the oldest member, leads");
      List<WsClient> clients = ClusterChecks.subscribeOnEveryNode(vertx, cluster, NODES);

      long cutAt = System.currentTimeMillis();
      lab.cut(0);
      TestSupport.until(ClusterJvms.tolerant(() -> cluster.leaders(1, 2) == 1 && cluster.ready(1) && cluster.ready(2)),
          Duration.ofSeconds(20), "the majority (n2, n3) has a leader and serves");
      long majorityLeaderMs = System.currentTimeMillis() - cutAt;
      assertEquals("stale", clients.get(0).next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(20)).getString("feed"),
          "the minority's client is told the feed is stale");
      TestSupport.until(ClusterJvms.tolerant(() -> !cluster.ready(0) && cluster.leaders(0) == 0 && cluster.feedConnections() == 1),
          Duration.ofSeconds(20), "the minority (n1) is not ready and no longer ingests: one feed connection");
      long minorityStoppedMs = System.currentTimeMillis() - cutAt;
      assertTrue(cluster.health(0).getString("reason").contains("--cluster-min-members 2"), cluster.health(0).encode());
      // The majority's clients keep getting data for a while: take their largest gap after that.
      long from = System.currentTimeMillis() + 3000;
      TestSupport.until(() -> clients.subList(1, NODES).stream()
          .allMatch(c -> c.received.stream().anyMatch(r -> "update".equals(r.type()) && r.atMs() > from)), Duration.ofSeconds(20), "majority live");
      long majorityGap = Math.max(ClusterChecks.largestGapMs(clients.get(1), cutAt - 1000), ClusterChecks.largestGapMs(clients.get(2), cutAt - 1000));

      long[] healed = heal(lab, cluster);
      long oneLeaderMs = healed[0];
      long allReadyMs = healed[1];
      System.out.printf("partition of the leader: majority leader after %d ms, its clients' largest gap %d ms; minority stale and not "
          + "ingesting after %d ms; after the heal one leader and one feed connection in %d ms, every node ready in %d ms%n",
          majorityLeaderMs, majorityGap, minorityStoppedMs, oneLeaderMs, allReadyMs);
      // What the majority's clients see: data again as soon as their side has a leader, not at the
      // heal. How soon that is (3.4-4.8 s beside a build, 2.7-3.4 s on a quiet machine) is the
      // failure detector's timing, a figure for bench/faults.sh partition rather than a pass mark:
      // a fixed 4 s here failed once in 21 suite runs beside a build (leader after 4.8 s, gap 4.2 s).
      assertTrue(majorityGap <= majorityLeaderMs + 1000, "the majority's clients got data within a second of their side having a leader ("
          + majorityLeaderMs + " ms): largest gap " + majorityGap + " ms");

      stopFeedAndConverge(cluster, clients);
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aCutOffFollowerServesFromItsOwnIngestAndTheHealLeavesOneLeaderAndOneFeedConnection() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (NetLab lab = NetLab.create(); ClusterJvms cluster = ClusterJvms.placed(NODES, lab::place)) {
      cluster.startSimulator(2000, 30);
      ClusterChecks.startInOrder(cluster, NODES);
      assertEquals(0, cluster.leaderIndex(0), "n1, the oldest member, leads");
      List<WsClient> clients = ClusterChecks.subscribeOnEveryNode(vertx, cluster, NODES);

      long cutAt = System.currentTimeMillis();
      lab.cut(2);
      TestSupport.until(ClusterJvms.tolerant(() -> cluster.leaders(2) == 1 && cluster.feedConnections() == 2),
          Duration.ofSeconds(20), "the cut-off follower n3 leads itself and ingests the feed itself");
      long followerIngestsMs = System.currentTimeMillis() - cutAt;
      assertEquals(1, cluster.leaders(0, 1), "the majority keeps its one leader");
      long from = System.currentTimeMillis() + 3000;
      TestSupport.until(() -> clients.stream().allMatch(c -> c.received.stream().anyMatch(r -> "update".equals(r.type()) && r.atMs() > from)),
          Duration.ofSeconds(20), "every side live");
      long majorityGap = Math.max(ClusterChecks.largestGapMs(clients.get(0), cutAt - 1000), ClusterChecks.largestGapMs(clients.get(1), cutAt - 1000));
      long followerGap = ClusterChecks.largestGapMs(clients.get(2), cutAt - 1000);

      long[] healed = heal(lab, cluster);
      long oneLeaderMs = healed[0];
      long allReadyMs = healed[1];
      System.out.printf("partition of a follower: it ingests itself after %d ms; the majority's clients' largest gap %d ms, the "
          + "follower's %d ms; after the heal one leader and one feed connection in %d ms, every node ready in %d ms%n",
          followerIngestsMs, majorityGap, followerGap, oneLeaderMs, allReadyMs);
      assertTrue(majorityGap <= 4000, "the majority's clients went at most 4 s without data: " + majorityGap + " ms");

      stopFeedAndConverge(cluster, clients);
    } finally {
      await(vertx.close());
    }
  }

  /** Heals every partition; how long until one leader and one feed connection, and until every node is ready (ms). */
  private static long[] heal(NetLab lab, ClusterJvms cluster) throws Exception {
    long healedAt = System.currentTimeMillis();
    lab.heal();
    TestSupport.until(ClusterJvms.tolerant(() -> cluster.leaders(0, 1, 2) == 1 && cluster.feedConnections() == 1 && cluster.agreeOnLeader()),
        Duration.ofSeconds(10), "one leader and one feed connection within 10 s of the heal");
    long oneLeaderMs = System.currentTimeMillis() - healedAt;
    TestSupport.until(ClusterJvms.tolerant(() -> cluster.ready(0) && cluster.ready(1) && cluster.ready(2)), Duration.ofSeconds(30), "every node ready");
    return new long[] {oneLeaderMs, System.currentTimeMillis() - healedAt};
  }

  /** Stops the feed; then every node's snapshot and every client's view must agree, with no seq gone backwards. */
  private static void stopFeedAndConverge(ClusterJvms cluster, List<WsClient> clients) throws Exception {
    assertEquals(0, cluster.simulator.terminate(), "the simulator exits 0 on SIGTERM");
    ClusterChecks.awaitConvergence(cluster, clients);
    clients.forEach(WsClient::close);
  }
}
