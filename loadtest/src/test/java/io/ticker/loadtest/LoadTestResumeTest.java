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
 * A reconnect storm: the service restarts under the harness (same port, the feed runs on in its own
 * verticle, so seqs carry on), every connection reconnects, with and without {@code --resume}. The
 * feed is slow (20 ticks/s over 300 symbols): with resume, the reconnect snapshots hold only the
 * symbols that moved during the restart, none at the seq the client said it held; without, every
 * symbol again. Both runs stay correct. How many moved depends on how long the restart took, which
 * a busy machine stretches (a quarter of the full snapshots was once exceeded: 52 of 200), so the
 * check is on what the client already held, not on a count.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTestResumeTest extends OnSharedFeed {

  private static final int CONNECTIONS = 40;
  private static final int SYMBOLS_PER_CONN = 5;

  /** One run of the harness across a restart of the service; its JSON report. */
  private JsonNode storm(boolean resume) throws Exception {
    int port = SharedFeedNodes.freePort();
    TickerNode first = feed.node(port);
    Path json = dir.resolve("storm-" + resume + ".json");
    CompletableFuture<LoadTestRun> run = CompletableFuture.supplyAsync(() -> LoadTestRun.of(
        "--url", "ws://127.0.0.1:" + port + "/ws", "--connections", String.valueOf(CONNECTIONS),
        "--symbols-per-conn", String.valueOf(SYMBOLS_PER_CONN), "--interval-ms", "100", "--duration", "5s", "--seed", "9",
        "--max-connect-failures", "-1", "--out", json.toString(), resume ? "--resume" : "--reconnect"));
    TickerNode second = null;
    try {
      SharedFeedNodes.until(() -> SharedFeedNodes.connections(port) >= CONNECTIONS, 20_000, "the harness connected");
      first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      second = feed.node(port);
      LoadTestRun done = run.get(60, TimeUnit.SECONDS);
      assertEquals(LoadTestMain.PASS, done.code(), done.output());
      JsonNode r = Wire.JSON.readTree(json.toFile());
      assertEquals(CONNECTIONS, r.at("/connections/openAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS, r.at("/connections/reconnectSnapshots").asLong(), done.output());
      assertEquals(0, r.at("/correctness/seqViolations").asLong(), done.output());
      assertEquals(0, r.at("/correctness/mismatches").asLong(), done.output());
      assertEquals(resume, r.at("/connections/resume").asBoolean());
      return r;
    } finally {
      if (second != null) {
        second.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void resumingReconnectsGetOnlyWhatMovedAndStayCorrect() throws Exception {
    long full = storm(false).at("/connections/reconnectSnapshotTicks").asLong();
    JsonNode withResume = storm(true);
    long resumed = withResume.at("/connections/reconnectSnapshotTicks").asLong();
    long repeats = withResume.at("/connections/reconnectSnapshotRepeats").asLong();
    System.out.printf("reconnect storm of %d connections x %d symbols: %d snapshot ticks without --resume, %d with (%d repeats)%n",
        CONNECTIONS, SYMBOLS_PER_CONN, full, resumed, repeats);
    assertTrue(full >= CONNECTIONS * SYMBOLS_PER_CONN * 3 / 4, "without --resume every reconnect gets every symbol again: " + full);
    assertEquals(0, repeats, "with --resume no snapshot tick at a seq the client said it held");
    assertTrue(resumed < full, "with --resume only what moved during the restart: " + resumed + " of " + full);
  }
}
