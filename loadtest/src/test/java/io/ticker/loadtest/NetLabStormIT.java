package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Wire;
import io.ticker.service.testing.ClusterJvms;
import io.ticker.service.testing.Wait;
import io.ticker.service.testing.Http;
import io.ticker.service.testing.NetLab;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients through a real load balancer: three nodes, the simulator and HAProxy each in a network
 * namespace ({@link NetLab}), the load test's connections all on HAProxy's one address. The ingest
 * leader is killed with kill -9: its clients reconnect through HAProxy (a refused connection is
 * retried on another node), resume with since, and every one is back and current within 10 s, with
 * no seq going backwards and no final mismatch. {@code -Dstorm.connections=N} (default 1,500 to keep
 * the suite short; bench/netlab.sh runs 3,000).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class NetLabStormIT {

  private static final int CONNECTIONS = Integer.getInteger("storm.connections", 1500);
  private static final int NODES = 3;

  @TempDir
  Path dir;

  @Test
  void everyClientOfAKilledNodeIsBackAndCurrentThroughHaproxyWithin10Seconds() throws Exception {
    try (NetLab lab = NetLab.create(); ClusterJvms cluster = ClusterJvms.placed(NODES, lab::place)) {
      cluster.startSimulator(2000, 300);
      for (int i = 0; i < NODES; i++) {
        cluster.startNode(i);
        int node = i;
        until(() -> cluster.health(node) != null, 60, "n" + (i + 1) + " up");
      }
      for (int i = 0; i < NODES; i++) {
        int node = i;
        until(() -> cluster.ready(node), 60, "n" + (i + 1) + " ready");
      }
      lab.startBalancer(cluster.httpPort(0), cluster.httpPort(1), cluster.httpPort(2));
      until(() -> Http.get(lab.balancer(), 8080, "/health/ready").status() == 200, 30, "HAProxy passes requests");

      Path json = dir.resolve("storm.json");
      CompletableFuture<LoadTestRun> run = CompletableFuture.supplyAsync(() -> LoadTestRun.of(
          "--url", "ws://" + lab.balancer() + ":8080/ws", "--connections", String.valueOf(CONNECTIONS), "--symbols-per-conn", "10",
          "--interval-ms", "250", "--duration", "15s", "--ramp-rate", "1000", "--resume", "--max-connect-failures", "-1",
          "--max-disconnects", "-1", "--no-scrape-metrics", "--quiet", "--label", "netlab-storm", "--out", json.toString()));
      until(() -> connections(cluster) >= CONNECTIONS, 60, "every connection open through HAProxy");
      int leader = cluster.leaderIndex(0);
      long killedAt = System.currentTimeMillis();
      cluster.node(leader).kill();
      LoadTestRun done = run.get(180, TimeUnit.SECONDS);
      JsonNode r = Wire.JSON.readTree(json.toFile());
      JsonNode storm = r.at("/connections/storm");
      long firstDropAfterKill = storm.at("/firstDropAt").isTextual()
          ? java.time.Instant.parse(storm.at("/firstDropAt").asText()).toEpochMilli() - killedAt : -1;
      System.out.printf("kill -9 of the leader n%d behind HAProxy, %d connections: %d dropped, %d back, drop to snapshot p50 %d / max %d ms, "
          + "all current %d ms after the first drop (%d ms after the kill); %d seq violations, %d mismatches%n",
          leader + 1, CONNECTIONS, storm.at("/drops").asLong(), storm.at("/recovered").asLong(), storm.at("/recoveryMs/p50").asLong(),
          storm.at("/recoveryMs/max").asLong(), storm.at("/allCurrentAfterMs").asLong(), firstDropAfterKill + storm.at("/allCurrentAfterMs").asLong(),
          r.at("/correctness/seqViolations").asLong(), r.at("/correctness/mismatches").asLong());
      assertEquals(LoadTestMain.PASS, done.code(), done.output());
      assertTrue(storm.at("/drops").asLong() > 0, "the killed node had clients: " + done.output());
      assertEquals(storm.at("/drops").asLong(), storm.at("/recovered").asLong(), done.output());
      assertEquals(0, storm.at("/awaitingAtEnd").asLong(), done.output());
      assertTrue(storm.at("/allCurrentAfterMs").asLong() <= 10_000, "every client back and current within 10 s: " + done.output());
      assertEquals(CONNECTIONS, r.at("/connections/openAtEnd").asLong(), done.output());
      assertEquals(0, r.at("/correctness/seqViolations").asLong(), done.output());
      assertEquals(0, r.at("/correctness/mismatches").asLong(), done.output());
    }
  }

  private static long connections(ClusterJvms cluster) {
    long open = 0;
    for (int i = 0; i < NODES; i++) {
      open += (long) Http.metric(cluster.host(i), cluster.httpPort(i), "ticker_connections");
    }
    return open;
  }

  private static void until(BooleanSupplier condition, int seconds, String what) {
    Wait.until(ClusterJvms.tolerant(condition), java.time.Duration.ofSeconds(seconds), what);
  }
}
