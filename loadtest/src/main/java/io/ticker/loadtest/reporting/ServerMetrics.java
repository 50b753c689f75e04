package io.ticker.loadtest.reporting;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few service meters the report uses, read from one /metrics scrape (Prometheus text).
 * Missing meters are NaN.
 */
public record ServerMetrics(long atMillis, double ticksIn, double ticksOut, double framesOut, double framesSkipped,
    double coalesced, double slowConsumerCloses, double connections, double cpuTimeSeconds, double heapUsedBytes) {

  public static ServerMetrics parse(String text, long atMillis) {
    Map<String, Double> v = new LinkedHashMap<>();
    double heap = Double.NaN;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      if (sp < 0) {
        continue;
      }
      String name = line.substring(0, sp);
      double value;
      try {
        value = Double.parseDouble(line.substring(sp + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      if (name.startsWith("jvm_memory_used_bytes{") && name.contains("area=\"heap\"")) {
        heap = (Double.isNaN(heap) ? 0 : heap) + value;
      } else if (name.indexOf('{') < 0) {
        v.put(name, value);
      }
    }
    double cpuNs = v.getOrDefault("process_cpu_time_ns_total", Double.NaN);
    return new ServerMetrics(atMillis, get(v, "ticker_ticks_in_total"), get(v, "ticker_ticks_out_total"),
        get(v, "ticker_frames_out_total"), get(v, "ticker_frames_skipped_total"), get(v, "ticker_ticks_coalesced_total"),
        get(v, "ticker_slow_consumer_closes_total"), get(v, "ticker_connections"), cpuNs / 1e9, heap);
  }

  private static double get(Map<String, Double> v, String name) {
    return v.getOrDefault(name, Double.NaN);
  }

  /**
   * What one node did, for the report: rates and CPU over the measurement window ({@code a} to
   * {@code b}, the window the client figures cover: no ramp handshakes, no final check), counts of
   * events (skips, slow-consumer closes) over the whole run ({@code runStart} to {@code runEnd}).
   */
  public static Map<String, Object> delta(ServerMetrics runStart, ServerMetrics a, ServerMetrics b, ServerMetrics runEnd) {
    double secs = Math.max(0.001, (b.atMillis - a.atMillis) / 1000.0);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seconds", Report.round(secs));
    m.put("ticksInPerSec", Report.round((b.ticksIn - a.ticksIn) / secs));
    m.put("ticksOutPerSec", Report.round((b.ticksOut - a.ticksOut) / secs));
    m.put("framesOutPerSec", Report.round((b.framesOut - a.framesOut) / secs));
    m.put("framesSkipped", Report.round(runEnd.framesSkipped - runStart.framesSkipped));
    m.put("ticksCoalescedPerSec", Report.round((b.coalesced - a.coalesced) / secs));
    m.put("slowConsumerCloses", Report.round(runEnd.slowConsumerCloses - runStart.slowConsumerCloses));
    m.put("cpuSeconds", Report.round(b.cpuTimeSeconds - a.cpuTimeSeconds));
    m.put("cpuCores", Report.round((b.cpuTimeSeconds - a.cpuTimeSeconds) / secs));
    m.put("connectionsAtEnd", Report.round(runEnd.connections));
    m.put("heapUsedBytes", Report.round(runEnd.heapUsedBytes));
    m.put("heapPerConnectionBytes", runEnd.connections > 0 ? Report.round(runEnd.heapUsedBytes / runEnd.connections) : null);
    return m;
  }
}
