package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's Prometheus rules with the real Prometheus (Debian's package, as
 * scripts/install-test-deps.sh installs it): promtool checks and rule unit tests, then a real
 * Prometheus scraping a real node every second, evaluating the recording rules, and firing
 * TickerFeedStale when the node's feed is stopped.
 */
class PrometheusMonitoringTest {

  private static final Path PROMETHEUS = Path.of(System.getenv().getOrDefault("PROMETHEUS_BIN", "/usr/bin/prometheus"));
  private static final Path PROMTOOL = PROMETHEUS.resolveSibling("promtool");
  /** The test copy of the rules makes TickerFeedStale fire this long after the feed is gone, instead of 10 s. */
  private static final String TEST_FEED_STALE_FOR = "2s";

  @TempDir
  Path dir;

  @BeforeAll
  static void prometheusInstalled() {
    boolean installed = Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
    String ci = System.getenv("CI");
    if (!installed && ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
      fail(PROMETHEUS + " or " + PROMTOOL + " missing on CI: run scripts/install-test-deps.sh first");
    }
    Assumptions.assumeTrue(installed, "skipped: " + PROMETHEUS + " not installed (scripts/install-test-deps.sh installs Debian's prometheus)");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void promtoolAcceptsRulesAndConfigAndTheRuleUnitTestsPass() throws Exception {
    Path prometheusDir = MonitoringFiles.rulesFile().getParent();
    promtool("check", "rules", prometheusDir.resolve("rules.yml").toString());
    promtool("check", "config", prometheusDir.resolve("prometheus.yml").toString());
    promtool("test", "rules", prometheusDir.resolve("rules.test.yml").toString());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void realPrometheusScrapesANodeRecordsTheRulesAndFiresFeedStale() throws Exception {
    Vertx vertx = Vertx.vertx();
    int feedPort = freePort();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, feedPort, 2000, 20, 5);
    TickerNode node = null;
    WsClient client = null;
    Process prometheus = null;
    Path log = Path.of("target", "it-logs", "prometheus-test.log");
    try {
      // A feed silent for 1 s is stale (the simulator going away does not close its connections).
      node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed", "--feed-stale-ms", "1000");
      int nodePort = node.httpPort();
      TestSupport.until(() -> TestSupport.get(nodePort, "/health/ready").status() == 200, Duration.ofSeconds(15), "node ready");
      client = WsClient.connect(vertx, nodePort); // a subscriber, so that ticks go out
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
      client.next("update");

      // The real rules, with only TickerFeedStale's for: shortened.
      String rules = MonitoringFiles.read(MonitoringFiles.rulesFile());
      Path testRules = dir.resolve("rules.yml");
      Files.writeString(testRules, MonitoringFiles.withAlertFor(rules, "TickerFeedStale", TEST_FEED_STALE_FOR));
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, String.join("\n",
          "global:",
          "  scrape_interval: 1s",
          "  scrape_timeout: 900ms",
          "  evaluation_interval: 1s",
          "rule_files: ['" + testRules + "']",
          "scrape_configs:",
          "  - job_name: ticker", // the job the rules expect
          "    static_configs:",
          "      - targets: ['127.0.0.1:" + nodePort + "']",
          ""));
      promtool("check", "config", config.toString());

      int port = freePort();
      Files.createDirectories(log.getParent());
      prometheus = new ProcessBuilder(PROMETHEUS.toString(),
          "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
          .start();
      Process running = prometheus;
      TestSupport.until(() -> {
        assertTrue(running.isAlive(), "prometheus exited; see " + log.toAbsolutePath());
        return get(port, "/-/ready").status() == 200;
      }, Duration.ofSeconds(20), "prometheus ready");

      String target = "127.0.0.1:" + nodePort;
      awaitSeries(port, "up{job=\"ticker\",instance=\"" + target + "\"} == 1", "the node scraped");
      awaitSeries(port, "rate(ticker_ticks_out_total[30s]) > 0", "ticks going out");
      awaitSeries(port, "ticker_feed_live == 1", "feed live");

      // Every recording rule has made its series, and no rule failed to evaluate.
      for (MonitoringFiles.Rule rule : MonitoringFiles.rules(rules)) {
        if (rule.recording()) {
          awaitSeries(port, rule.name(), "recording rule " + rule.name());
        }
      }
      List<String> unhealthy = new ArrayList<>();
      for (Object g : query(port, "/api/v1/rules").getJsonObject("data").getJsonArray("groups")) {
        for (Object r : ((JsonObject) g).getJsonArray("rules")) {
          JsonObject rule = (JsonObject) r;
          if (!"ok".equals(rule.getString("health"))) {
            unhealthy.add(rule.getString("name") + ": " + rule.getString("health") + " " + rule.getString("lastError"));
          }
        }
      }
      assertEquals(List.of(), unhealthy);
      // And Prometheus accepts every query of the Grafana dashboard.
      Map<String, String> rejected = new LinkedHashMap<>();
      JsonObject dashboard = new JsonObject(MonitoringFiles.read(MonitoringFiles.dashboardFile()));
      for (JsonObject panel : GrafanaDashboardTest.panels(dashboard)) {
        for (Object t : panel.getJsonArray("targets", new JsonArray())) {
          String expr = PromQl.withoutGrafanaVariables(((JsonObject) t).getString("expr")).replace("=~\"x\"", "=~\".*\"");
          TestSupport.HttpReply reply = get(port, "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
          if (reply.status() != 200) {
            rejected.put(panel.getString("title") + ": " + expr, reply.body());
          }
        }
      }
      assertEquals(Map.of(), rejected);
      assertEquals(List.of(), alerts(port, "TickerFeedStale"), "healthy: no feed-stale alert");

      // The feed goes away: the node goes stale, and the alert fires.
      long stoppedAt = System.currentTimeMillis();
      TestSupport.await(vertx.undeploy(sim.deploymentID()));
      assertEquals("stale", client.next("status").getString("feed"));
      TestSupport.until(() -> alerts(port, "TickerFeedStale").contains("firing " + target), Duration.ofSeconds(20),
          "TickerFeedStale firing for " + target);
      System.out.printf("TickerFeedStale fired %d ms after the feed stopped (for: %s, scrape and evaluation every 1 s)%n",
          System.currentTimeMillis() - stoppedAt, TEST_FEED_STALE_FOR);
    } catch (AssertionError | RuntimeException e) {
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log);
        System.err.println("---- " + log + " (last 30 lines)\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
      }
      throw e;
    } finally {
      if (prometheus != null) {
        prometheus.destroy(); // SIGTERM to this PID only
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
      if (client != null) {
        client.close();
      }
      if (node != null) {
        TestSupport.await(node.stop());
      }
      TestSupport.await(vertx.close());
    }
  }

  /** "state instance" of each active alert of that name. */
  private static List<String> alerts(int port, String name) {
    List<String> found = new ArrayList<>();
    for (Object o : query(port, "/api/v1/alerts").getJsonObject("data").getJsonArray("alerts")) {
      JsonObject alert = (JsonObject) o;
      if (name.equals(alert.getJsonObject("labels").getString("alertname"))) {
        found.add(alert.getString("state") + " " + alert.getJsonObject("labels").getString("instance"));
      }
    }
    return found;
  }

  private static void awaitSeries(int port, String promql, String what) {
    TestSupport.until(() -> !query(port, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .getJsonObject("data").getJsonArray("result").isEmpty(), Duration.ofSeconds(20), what + " (" + promql + ")");
  }

  private static JsonObject query(int port, String uri) {
    TestSupport.HttpReply reply = get(port, uri);
    assertEquals(200, reply.status(), uri + ": " + reply.body());
    return reply.json();
  }

  private static TestSupport.HttpReply get(int port, String uri) {
    try {
      return TestSupport.get(port, uri);
    } catch (AssertionError e) { // not listening yet
      return new TestSupport.HttpReply(0, String.valueOf(e.getMessage()));
    }
  }

  private static int freePort() {
    return io.ticker.service.testing.Http.freePort();
  }

  private static void promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    File out = File.createTempFile("promtool", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        fail(String.join(" ", command) + " did not finish in 20 s");
      }
      assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + Files.readString(out.toPath()));
    } finally {
      Files.deleteIfExists(out.toPath());
    }
  }
}
