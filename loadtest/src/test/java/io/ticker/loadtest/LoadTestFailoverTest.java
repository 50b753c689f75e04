package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Wire;
import io.ticker.service.TickerNode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failover under the harness: two standalone nodes on the same external feed (so they agree on
 * seqs), the connections spread over both; one node stops for good, and its connections must move
 * to the other (the reconnect tries the next --url), resume there with since, and report the storm:
 * every lost session current again, with its drop-to-snapshot time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTestFailoverTest extends OnSharedFeed {

  private static final int CONNECTIONS = 40;

  @Test
  void aStoppedNodesConnectionsMoveToTheSurvivorAndResume() throws Exception {
    int portA = SharedFeedNodes.freePort();
    int portB = SharedFeedNodes.freePort();
    TickerNode a = feed.node(portA);
    TickerNode b = feed.node(portB);
    Path json = dir.resolve("failover.json");
    CompletableFuture<LoadTestRun> run = CompletableFuture.supplyAsync(() -> LoadTestRun.of(
        "--url", "ws://127.0.0.1:" + portA + "/ws", "--url", "ws://127.0.0.1:" + portB + "/ws",
        "--connections", String.valueOf(CONNECTIONS), "--symbols-per-conn", "5", "--interval-ms", "100",
        "--duration", "6s", "--seed", "9", "--max-connect-failures", "-1", "--out", json.toString(), "--resume"));
    boolean aStopped = false;
    try {
      SharedFeedNodes.until(() -> SharedFeedNodes.connections(portA) + SharedFeedNodes.connections(portB) >= CONNECTIONS, 20_000, "the harness connected");
      a.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      aStopped = true;
      SharedFeedNodes.until(() -> SharedFeedNodes.connections(portB) >= CONNECTIONS, 20_000, "A's connections moved to B");
      LoadTestRun done = run.get(60, TimeUnit.SECONDS);
      assertEquals(LoadTestMain.PASS, done.code(), done.output());
      JsonNode r = Wire.JSON.readTree(json.toFile());
      assertEquals(CONNECTIONS, r.at("/connections/openAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/drops").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/recovered").asLong(), done.output());
      assertEquals(0, r.at("/connections/storm/awaitingAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/recoveryMs/count").asLong(), done.output());
      assertTrue(r.at("/connections/storm/recoveryMs/max").asDouble() >= 1000, "backoff is 1-1.5 s: " + done.output());
      assertTrue(r.at("/connections/storm/allCurrentAfterMs").asLong() >= r.at("/connections/storm/recoveryMs/max").asLong() - 1, done.output());
      assertTrue(r.at("/connections/reconnectSnapshotBytes").asLong() > 0, done.output());
      assertEquals(0, r.at("/correctness/seqViolations").asLong(), done.output());
      assertEquals(0, r.at("/correctness/mismatches").asLong(), done.output());
      assertEquals(CONNECTIONS * 5, r.at("/correctness/checkedSymbolValues").asLong(), done.output());
      System.out.println(done.output());
    } finally {
      if (!aStopped) {
        a.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      b.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
