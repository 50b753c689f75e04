package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Wire;
import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    // the node is shared: the connections of a test before must be gone before this one counts its own
    SharedFeedNodes.until(() -> SharedFeedNodes.connections(node.httpPort()) == 0, 10_000, "no connections left on the node");
    Path json = dir.resolve("results.json");
    Path html = dir.resolve("report.html");
    LoadTestRun run = LoadTestRun.of("--url", url, "--connections", "300", "--symbols-per-conn", "5", "--interval-ms", "100",
        "--duration", "5s", "--warmup", "2s", "--ramp-rate", "1000", "--seed", "3", "--out", json.toString(), "--html", html.toString());
    assertEquals(LoadTestMain.PASS, run.code(), run.output());
    assertTrue(run.output().contains("(warm-up)"), "seconds between the ramp and the window are marked: " + run.output());

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
    // each second has the service's side too, read from its /metrics while the run goes on
    boolean serverSide = false;
    for (JsonNode second : r.at("/timeline")) {
      serverSide |= second.path("measuring").asBoolean() && second.path("serverCores").asDouble() > 0
          && second.path("serverAgeP99AtMostMs").asDouble() > 0;
    }
    assertTrue(serverSide, "the window's seconds carry the service's cores and tick age: " + r.at("/timeline"));
    assertTrue(run.output().matches("(?s).*server \\d+\\.\\d\\d cores, age p99 ≤ \\d+ ms.*"), run.output());
    // every figure the report reads from the service's /metrics (asked for by name) is there
    JsonNode server = r.at("/server/0");
    for (String figure : List.of("ticksInPerSec", "ticksOutPerSec", "framesOutPerSec", "cpuCores", "heapUsedBytes", "tickAgeP99AtMostMs",
        "feedAgeP99AtMostMs")) {
      assertTrue(server.path(figure).asDouble() > 0, figure + " in " + server);
    }
    for (String count : List.of("framesSkipped", "ticksCoalescedPerSec", "slowConsumerCloses")) {
      assertTrue(server.path(count).isNumber(), count + " in " + server);
    }
    assertEquals(300, server.path("connectionsAtEnd").asLong(), server.toString());
    assertEquals(2.0, r.at("/connections/warmupSeconds").asDouble(), run.output());
    assertTrue(r.at("/throughput/measuredSeconds").asDouble() >= 5.0, "the window is --duration long, after the warm-up: " + run.output());
    String page = Files.readString(html);
    assertTrue(page.contains("<svg") && page.contains("PASS"), "HTML report has charts");
    assertTrue(page.contains("Service CPU, per second"), "HTML report charts the service's side");
    assertSelfContained(page);
  }

  /** Any reference the browser would fetch over the network: in src/href attributes, CSS url() and @import. */
  private static final Pattern NETWORK_REFERENCE = Pattern.compile(
      "(?i)(?:\\b(?:src|href|xlink:href|srcset|action|poster|data)\\s*=\\s*['\"]?|url\\(\\s*['\"]?|@import\\s+['\"]?)\\s*(?:https?:|//)");
  /** A {@code <link>} to anything but inline data (stylesheets, fonts, icons, preloads…). */
  private static final Pattern EXTERNAL_LINK = Pattern.compile("(?i)<link\\b(?![^>]*\\bhref\\s*=\\s*['\"]?data:)[^>]*>");

  /** The HTML report loads nothing: no http(s) or protocol-relative src/href/url(), no {@code <link>} out, no script files. */
  static void assertSelfContained(String page) {
    Matcher m = NETWORK_REFERENCE.matcher(page);
    assertFalse(m.find(), () -> "HTML report references the network: " + excerpt(page, m.start()));
    Matcher l = EXTERNAL_LINK.matcher(page);
    assertFalse(l.find(), () -> "HTML report links out: " + excerpt(page, l.start()));
    assertFalse(page.toLowerCase(java.util.Locale.ROOT).contains("<script"), "HTML report has no scripts");
  }

  private static String excerpt(String page, int at) {
    return page.substring(Math.max(0, at - 40), Math.min(page.length(), at + 80));
  }

  @Test
  void selfContainedCheckIsStrict() {
    String ok = "<html><head><style>body{color:#222}</style></head><body>"
        + "<svg xmlns='http://www.w3.org/2000/svg'><text>see https://example.com</text></svg></body></html>";
    assertSelfContained(ok);
    String[] external = {
        "<link href=https://cdn.example.com/x.css rel=stylesheet>",
        "<link rel='stylesheet' href='http://cdn.example.com/x.css'>",
        "<link rel=icon href=/favicon.ico>",
        "<img src=\"https://example.com/a.png\">",
        "<img SRC = '//example.com/a.png'>",
        "<div style=\"background:url( 'https://example.com/a.png')\"></div>",
        "<style>@import 'https://example.com/x.css';</style>",
        "<svg><image xlink:href='http://example.com/a.png'/></svg>",
        "<a href='https://example.com'>x</a>",
        "<script>1</script>",
    };
    for (String html : external) {
      assertThrows(AssertionError.class, () -> assertSelfContained("<html><body>" + html + "</body></html>"), html);
    }
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
    double p50 = r.at("/server/0/tickAgeP50AtMostMs").asDouble();
    double p99 = r.at("/server/0/tickAgeP99AtMostMs").asDouble();
    assertTrue(p50 > 0 && p99 >= p50, "the service's own tick age over the window is in the report: " + r.at("/server"));
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
