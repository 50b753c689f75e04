package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.loadtest.MisbehavingServer.Fault;
import io.ticker.loadtest.checks.FinalValueCheck;
import io.ticker.model.Wire;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correctness checkers see a misbehaving server: a seq going backwards is a seq violation, a
 * snapshot that disagrees with what the connections received is a final-value mismatch, and both
 * make the exit code 1. The honest server passes with 0 and 0, so the checkers neither always
 * report 0 nor always report something.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadTestCheckersTest {

  private static final int CONNECTIONS = 20;
  private static final long PERIOD_MS = 100;

  @TempDir
  Path dir;

  private record Outcome(LoadTestRun run, JsonNode report) {
    long at(String pointer) {
      return report.at(pointer).asLong();
    }
  }

  private Outcome runAgainst(Fault fault, String... extra) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      MisbehavingServer server = MisbehavingServer.start(vertx, fault, PERIOD_MS);
      Path json = dir.resolve(fault + ".json");
      String[] base = {"--url", server.url(), "--connections", String.valueOf(CONNECTIONS), "--all",
          "--interval-ms", String.valueOf(PERIOD_MS), "--duration", "2s", "--ramp-rate", "1000", "--no-scrape-metrics",
          "--quiet", "--out", json.toString()};
      String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
          .toArray(String[]::new);
      LoadTestRun run = LoadTestRun.of(args);
      JsonNode report = Wire.JSON.readTree(json.toFile());
      Outcome o = new Outcome(run, report);
      // whatever the fault, the run itself went through: every connection open, ticks flowing, the check ran
      assertEquals(CONNECTIONS, o.at("/connections/openAtEnd"), run.output());
      assertEquals(0, o.at("/connections/connectFailures"), run.output());
      assertTrue(o.at("/throughput/ticks") > 0, run.output());
      assertTrue(report.at("/correctness/finalCheckRan").asBoolean(), run.output());
      assertEquals((long) CONNECTIONS * MisbehavingServer.SYMBOLS, o.at("/correctness/checkedSymbolValues"), run.output());
      assertEquals(0, o.at("/correctness/parseErrors"), run.output());
      assertEquals(0, o.at("/correctness/unexpectedTicks"), run.output());
      return o;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void honestServerPassesWithNoViolationsAndNoMismatches() throws Exception {
    Outcome o = runAgainst(Fault.NONE, "--max-seq-violations", "0", "--max-mismatches", "0");
    assertEquals(LoadTestMain.PASS, o.run().code(), o.run().output());
    assertEquals(0, o.at("/correctness/seqViolations"), o.run().output());
    assertEquals(0, o.at("/correctness/mismatches"), o.run().output());
    assertTrue(o.run().output().contains("RESULT        PASS"), o.run().output());
  }

  @Test
  void seqGoingBackwardsIsCountedAndFailsTheRun() throws Exception {
    Outcome o = runAgainst(Fault.SEQ_BACKWARDS, "--max-seq-violations", "0");
    assertEquals(LoadTestMain.FAILED_OBJECTIVE, o.run().code(), o.run().output());
    long violations = o.at("/correctness/seqViolations");
    // one replayed tick every 3 updates, to every connection, for ~2 s of 100 ms updates
    assertTrue(violations >= CONNECTIONS, "seq violations " + violations + ": " + o.run().output());
    assertTrue(o.run().output().contains("objective failed: seq violations " + violations + " > --max-seq-violations 0"),
        o.run().output());
    assertEquals(0, o.at("/correctness/mismatches"), "the snapshot was honest: " + o.run().output());
  }

  @Test
  void snapshotThatDiffersFromWhatConnectionsReceivedIsAMismatchAndFailsTheRun() throws Exception {
    Outcome o = runAgainst(Fault.SNAPSHOT_DIFFERS, "--max-mismatches", "0");
    assertEquals(LoadTestMain.FAILED_OBJECTIVE, o.run().code(), o.run().output());
    long mismatches = o.at("/correctness/mismatches");
    // the symbols that never move are at the snapshot's seq on every connection, with another tick
    assertEquals((long) CONNECTIONS * (MisbehavingServer.SYMBOLS / 2), o.at("/correctness/differentTicks"), o.run().output());
    assertTrue(mismatches > 0, o.run().output());
    assertTrue(o.run().output().contains("objective failed: final-value mismatches " + mismatches + " > --max-mismatches 0"),
        o.run().output());
    assertTrue(o.run().output().contains("but the tick differs from the snapshot"), "samples name the mismatches: " + o.run().output());
    assertEquals(0, o.at("/correctness/seqViolations"), "the updates were in order: " + o.run().output());
  }

  @Test
  void aValueThatNeverArrivesIsStaleOnceTheCheckHasWaitedForIt() throws Exception {
    Outcome o = runAgainst(Fault.SNAPSHOT_AHEAD, "--max-mismatches", "0");
    assertEquals(LoadTestMain.FAILED_OBJECTIVE, o.run().code(), o.run().output());
    // the symbols that never move: every connection holds a seq below the snapshot's, for good
    assertEquals((long) CONNECTIONS * (MisbehavingServer.SYMBOLS / 2), o.at("/correctness/staleValues"), o.run().output());
    assertEquals(0, o.at("/correctness/differentTicks"), o.run().output());
    assertTrue(o.at("/correctness/finalCheckSettledMs") >= FinalValueCheck.SETTLE_MS,
        "a client behind at the end is given time to catch up before it counts as stale: " + o.run().output());
    assertTrue(o.run().output().contains("< snapshot seq"), "samples name the stale values: " + o.run().output());
  }
}
