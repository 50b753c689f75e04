package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/grafana/ticker.json and deploy/prometheus/rules.yml against a running node: every query
 * names only metrics and labels the node really exports (or the rules record), and the node
 * exports the operational gauges they rely on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GrafanaDashboardTest {

  /** Labels Prometheus adds to every series it scrapes. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

  private static Vertx vertx;
  private static TickerNode node;
  private static WsClient client;
  private static Map<String, Set<String>> exported;

  @BeforeAll
  static void startNodeAndScrape() {
    vertx = Vertx.vertx();
    node = TestSupport.startNode("--max-connections", "1234", "--sim-rate", "2000", "--sim-symbols", "20");
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(20), "ready");
    // Traffic, so that the meters made on first use exist: frames, latency, event-bus addresses, HTTP.
    client = WsClient.connect(vertx, node.httpPort());
    client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
    client.next("update");
    System.gc(); // GC pause meters exist from the first collection on
    TestSupport.until(() -> PromQl.exported(TestSupport.get(node.httpPort(), "/metrics").body()).containsKey("jvm_gc_pause_seconds_count"),
        Duration.ofSeconds(10), "a GC pause recorded");
    exported = PromQl.exported(TestSupport.get(node.httpPort(), "/metrics").body());
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (node != null) {
      TestSupport.await(node.stop());
    }
    if (vertx != null) {
      TestSupport.await(vertx.close());
    }
  }

  @Test
  void nodeExportsTheOperationalGauges() {
    assertEquals(1234.0, TestSupport.metric(node.httpPort(), "ticker_connections_max"));
    assertEquals(1.0, TestSupport.metric(node.httpPort(), "ticker_feed_live"), "ready means live");
    assertEquals(1.0, TestSupport.metric(node.httpPort(), "ticker_cluster_leader"));
    assertTrue(exported.get("ticker_event_loop_delay_seconds_bucket").containsAll(Set.of("loop", "le")), exported.toString());
    assertTrue(exported.containsKey("ticker_event_loop_delay_seconds_max"));
    assertTrue(exported.containsKey("netty_eventexecutor_tasks_pending"));
    String metrics = TestSupport.get(node.httpPort(), "/metrics").body();
    assertTrue(metrics.contains("vertx_eventbus_processed_total{address=\"ticker.local.ticks\""), "event-bus meters per address");
    assertFalse(metrics.contains("address=\"__vertx.reply"), "no meters per reply address (one per request)");
  }

  @Test
  void dashboardIsGrafanaJsonWithTheAskedForPanels() {
    JsonObject dashboard = new JsonObject(MonitoringFiles.read(MonitoringFiles.dashboardFile()));
    assertEquals("ticker-overview", dashboard.getString("uid"));
    assertNotNull(dashboard.getInteger("schemaVersion"));
    Set<Integer> ids = new HashSet<>();
    List<String> titles = new ArrayList<>();
    for (JsonObject panel : panels(dashboard)) {
      assertTrue(ids.add(panel.getInteger("id")), "panel ids are unique: " + panel.getInteger("id"));
      JsonObject grid = panel.getJsonObject("gridPos");
      assertNotNull(grid, panel.getString("title"));
      assertTrue(grid.getInteger("x") + grid.getInteger("w") <= 24, "fits the 24-column grid: " + panel.getString("title"));
      titles.add(panel.getString("title").toLowerCase());
      if (!"row".equals(panel.getString("type"))) {
        assertFalse(panel.getJsonArray("targets").isEmpty(), "has queries: " + panel.getString("title"));
        assertEquals("${datasource}", panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
      }
    }
    for (String wanted : List.of("connections per node", "ticks in", "ticks out", "frames per second", "coalescing ratio",
        "tick latency p50 / p99", "slow-consumer closes", "auth failures", "feed live", "ingest leader", "cluster members",
        "jvm heap", "gc", "event-loop delay")) {
      assertTrue(titles.stream().anyMatch(t -> t.contains(wanted)), "a panel for " + wanted + " in " + titles);
    }
  }

  @Test
  void everyDashboardQueryNamesOnlyExportedOrRecordedMetricsAndLabels() {
    Map<String, Set<String>> known = known();
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (Map.Entry<String, String> query : dashboardQueries().entrySet()) {
      List<String> wrong = PromQl.problems(query.getValue(), known, TARGET_LABELS);
      if (!wrong.isEmpty()) {
        problems.put(query.getKey() + ": " + query.getValue(), wrong);
      }
    }
    assertEquals(Map.of(), problems);
  }

  @Test
  void everyRuleNamesOnlyExportedOrRecordedMetricsAndLabels() {
    Map<String, Set<String>> known = known();
    known.put("up", Set.of());
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (MonitoringFiles.Rule rule : MonitoringFiles.rules(MonitoringFiles.read(MonitoringFiles.rulesFile()))) {
      List<String> wrong = PromQl.problems(rule.expr(), known, TARGET_LABELS);
      if (!wrong.isEmpty()) {
        problems.put(rule.name(), wrong);
      }
    }
    assertEquals(Map.of(), problems);
  }

  /** The check itself: it does see a misspelt metric, a label the metric lacks and a wrong grouping. */
  @Test
  void theCheckCatchesWrongNames() {
    Map<String, Set<String>> known = known();
    assertEquals(List.of("unknown metric ticker_tickz_out_total"),
        PromQl.problems("sum(rate(ticker_tickz_out_total{instance=~\"$instance\"}[$__rate_interval]))", known, TARGET_LABELS));
    assertEquals(1, PromQl.problems("ticker_connections{reason=\"x\"}", known, TARGET_LABELS).size());
    assertEquals(1, PromQl.problems("sum by (symbol) (ticker_connections)", known, TARGET_LABELS).size());
    assertEquals(List.of(), PromQl.problems(
        "histogram_quantile(0.99, sum by (le) (rate(ticker_tick_latency_seconds_bucket{job=\"$job\"}[5m] offset 1m))) > bool 0.3",
        known, TARGET_LABELS));
  }

  /** Exported metrics, recording rules' series, Prometheus' ALERTS, and the meters not yet exported. */
  private static Map<String, Set<String>> known() {
    List<MonitoringFiles.Rule> rules = MonitoringFiles.rules(MonitoringFiles.read(MonitoringFiles.rulesFile()));
    assertTrue(rules.size() > 10, "rules parsed: " + rules);
    Map<String, Set<String>> known = new TreeMap<>(exported);
    known.putAll(MonitoringFiles.recordedSeries(rules, exported));
    known.put("ALERTS", Set.of("alertname", "alertstate", "severity"));
    return known;
  }

  /** Every query of the dashboard, by where it is: panel targets, variables, annotations. */
  private static Map<String, String> dashboardQueries() {
    JsonObject dashboard = new JsonObject(MonitoringFiles.read(MonitoringFiles.dashboardFile()));
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonObject panel : panels(dashboard)) {
      JsonArray targets = panel.getJsonArray("targets", new JsonArray());
      for (int t = 0; t < targets.size(); t++) {
        queries.put("panel '" + panel.getString("title") + "' " + targets.getJsonObject(t).getString("refId"),
            targets.getJsonObject(t).getString("expr"));
      }
    }
    for (Object o : dashboard.getJsonObject("templating").getJsonArray("list")) {
      JsonObject variable = (JsonObject) o;
      if ("query".equals(variable.getString("type"))) {
        Object query = variable.getValue("query");
        String text = query instanceof JsonObject q ? q.getString("query") : (String) query;
        Matcher m = LABEL_VALUES.matcher(text);
        assertTrue(m.matches(), "variable " + variable.getString("name") + " is label_values(selector, label): " + text);
        queries.put("variable $" + variable.getString("name"), "group by (" + m.group(2) + ") (" + m.group(1) + ")");
      }
    }
    for (Object o : dashboard.getJsonObject("annotations").getJsonArray("list")) {
      JsonObject annotation = (JsonObject) o;
      if (annotation.containsKey("expr")) {
        queries.put("annotation " + annotation.getString("name"), annotation.getString("expr"));
      }
    }
    assertTrue(queries.size() > 20, "queries found: " + queries);
    return queries;
  }

  static List<JsonObject> panels(JsonObject dashboard) {
    List<JsonObject> all = new ArrayList<>();
    for (Object o : dashboard.getJsonArray("panels")) {
      JsonObject panel = (JsonObject) o;
      all.add(panel);
      for (Object nested : panel.getJsonArray("panels", new JsonArray())) { // collapsed rows
        all.add((JsonObject) nested);
      }
    }
    return all;
  }
}
