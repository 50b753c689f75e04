package io.ticker.loadtest.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The few service meters the report uses, read from one /metrics scrape (Prometheus text).
 * Missing meters are NaN. {@code tickAgeBuckets} is the service's own tick-age histogram
 * ({@code ticker_tick_latency_seconds}: tick time to the frame carrying it, on the service): upper
 * bound in seconds to cumulative count, empty when the node does not publish it.
 */
public record ServerMetrics(long atMillis, double ticksIn, double ticksOut, double framesOut, double framesSkipped,
    double coalesced, double slowConsumerCloses, double connections, double cpuTimeSeconds, double heapUsedBytes,
    NavigableMap<Double, Double> tickAgeBuckets) {

  private static final String TICK_AGE_BUCKET = "ticker_tick_latency_seconds_bucket{";

  public static ServerMetrics parse(String text, long atMillis) {
    Map<String, Double> v = new LinkedHashMap<>();
    NavigableMap<Double, Double> ageBuckets = new TreeMap<>();
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
      } else if (name.startsWith(TICK_AGE_BUCKET)) {
        double le = bucketBound(name);
        if (!Double.isNaN(le)) {
          ageBuckets.merge(le, value, Double::sum);
        }
      } else if (name.indexOf('{') < 0) {
        v.put(name, value);
      }
    }
    double cpuNs = v.getOrDefault("process_cpu_time_ns_total", Double.NaN);
    return new ServerMetrics(atMillis, get(v, "ticker_ticks_in_total"), get(v, "ticker_ticks_out_total"),
        get(v, "ticker_frames_out_total"), get(v, "ticker_frames_skipped_total"), get(v, "ticker_ticks_coalesced_total"),
        get(v, "ticker_slow_consumer_closes_total"), get(v, "ticker_connections"), cpuNs / 1e9, heap, ageBuckets);
  }

  /** The {@code le} of a bucket line's labels, in seconds ({@code +Inf} is infinite); NaN if it has none. */
  private static double bucketBound(String name) {
    int at = name.indexOf("le=\"");
    if (at < 0) {
      return Double.NaN;
    }
    int end = name.indexOf('"', at + 4);
    String le = name.substring(at + 4, end);
    return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  /**
   * The tick age, in ms, under which a fraction {@code q} of the frames built between scrapes
   * {@code a} and {@code b} fell: the upper bound of the histogram bucket it lands in, so "at most";
   * null when the node built no frame in between or publishes no histogram.
   */
  static Double tickAgeAtMostMs(ServerMetrics a, ServerMetrics b, double q) {
    double total = count(b, Double.POSITIVE_INFINITY) - count(a, Double.POSITIVE_INFINITY);
    if (!(total > 0)) {
      return null;
    }
    for (double le : b.tickAgeBuckets.keySet()) {
      if (count(b, le) - count(a, le) >= q * total) {
        return Double.isInfinite(le) ? null : Report.round(le * 1000);
      }
    }
    return null;
  }

  private static double count(ServerMetrics m, double le) {
    Double c = m.tickAgeBuckets.get(le);
    return c == null ? 0 : c;
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
    m.put("tickAgeP50AtMostMs", tickAgeAtMostMs(a, b, 0.50));
    m.put("tickAgeP99AtMostMs", tickAgeAtMostMs(a, b, 0.99));
    m.put("tickAgeP999AtMostMs", tickAgeAtMostMs(a, b, 0.999));
    m.put("connectionsAtEnd", Report.round(runEnd.connections));
    m.put("heapUsedBytes", Report.round(runEnd.heapUsedBytes));
    m.put("heapPerConnectionBytes", runEnd.connections > 0 ? Report.round(runEnd.heapUsedBytes / runEnd.connections) : null);
    return m;
  }
}
