package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Wire;
import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs the harness against a real in-process service: a short passing run, a failing objective, a bad option. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadTestSmokeTest {

  private static TickerNode node;
  private static String url;

  @TempDir
  Path dir;

  @BeforeAll
  static void startService() throws Exception {
    node = TickerNode.start(TickerMain.parse("--http-port", "0", "--http-host", "127.0.0.1", "--sim-rate", "2000",
        "--sim-symbols", "50", "--sim-seed", "7")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    url = "ws://127.0.0.1:" + node.httpPort() + "/ws";
  }

  @AfterAll
  static void stopService() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shortRunPassesAndWritesReports() throws Exception {
    Path json = dir.resolve("results.json");
    Path html = dir.resolve("report.html");
    LoadTestRun run = LoadTestRun.of("--url", url, "--connections", "300", "--symbols-per-conn", "5", "--interval-ms", "100",
        "--duration", "5s", "--ramp-rate", "1000", "--seed", "3", "--out", json.toString(), "--html", html.toString());
    assertEquals(LoadTestMain.PASS, run.code(), run.output());

    JsonNode r = Wire.JSON.readTree(json.toFile());
    assertEquals(300, r.at("/connections/openAtEnd").asLong(), run.output());
    assertEquals(0, r.at("/connections/connectFailures").asLong(), run.output());
    assertTrue(r.at("/throughput/ticks").asLong() > 0, run.output());
    assertEquals(0, r.at("/correctness/seqViolations").asLong(), run.output());
    assertTrue(r.at("/correctness/finalCheckRan").asBoolean(), run.output());
    assertEquals(0, r.at("/correctness/mismatches").asLong(), run.output());
    assertEquals(300 * 5, r.at("/correctness/checkedSymbolValues").asLong(), run.output());
    JsonNode p99 = r.at("/tickAgeMs/p99");
    assertTrue(p99.isNumber() && Double.isFinite(p99.asDouble()), run.output());
    assertTrue(r.at("/timeline").size() >= 5, run.output());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains("PASS"), "HTML report has charts");
    assertTrue(!page.contains("http://") || !page.contains("<script src"), "HTML report is self-contained");
  }

  @Test
  void drainOnlyCountsFramesAndReadsTheServersPushRate() throws Exception {
    Path json = dir.resolve("drain.json");
    LoadTestRun run = LoadTestRun.of("--url", url, "--connections", "50", "--all", "--interval-ms", "100", "--duration", "2s",
        "--drain-only", "--out", json.toString());
    assertEquals(LoadTestMain.PASS, run.code(), run.output());
    JsonNode r = Wire.JSON.readTree(json.toFile());
    assertTrue(r.at("/throughput/frames").asLong() > 0, run.output());
    assertTrue(r.at("/throughput/bytes").asLong() > 0, run.output());
    assertEquals(0, r.at("/throughput/ticks").asLong(), "nothing parsed: " + run.output());
    assertTrue(r.at("/server/0/ticksOutPerSec").asDouble() > 0, "the server's push rate is in the report: " + r.at("/server"));
  }

  @Test
  void failingObjectiveExitsWithOne() throws Exception {
    LoadTestRun run = LoadTestRun.of("--url", url, "--connections", "20", "--all", "--interval-ms", "100", "--duration", "1s",
        "--slo-p99-ms", "0", "--quiet");
    assertEquals(LoadTestMain.FAILED_OBJECTIVE, run.code(), run.output());
    assertTrue(run.output().contains("--slo-p99-ms"), run.output());
  }

  @Test
  void badOptionExitsWithTwo() {
    LoadTestRun run = LoadTestRun.of("--url", url, "--connections", "-5");
    assertEquals(LoadTestMain.BAD_OPTIONS, run.code(), run.output());
    assertEquals(1, run.output().strip().lines().count(), "one-line reason: " + run.output());
    assertEquals(LoadTestMain.BAD_OPTIONS, LoadTestRun.of("--no-such-option").code());
  }

}
