package io.ticker.loadtest.reporting;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The few service meters the report uses, read from one /metrics scrape (Prometheus text).
 * Missing meters are NaN. Two of the service's histograms, each as upper bound in seconds to
 * cumulative count (empty when the node does not publish it): {@code tickAgeBuckets}, its tick age
 * ({@code ticker_tick_latency_seconds}: tick time to the frame carrying it), and {@code feedAgeBuckets},
 * how late ticks reached it from the feed ({@code ticker_feed_age_seconds}).
 */
public record ServerMetrics(long atMillis, double ticksIn, double ticksOut, double framesOut, double framesSkipped,
    double coalesced, double slowConsumerCloses, double connections, double cpuTimeSeconds, double heapUsedBytes,
    NavigableMap<Double, Double> tickAgeBuckets, NavigableMap<Double, Double> feedAgeBuckets) {

  private static final String TICK_AGE_BUCKET = "ticker_tick_latency_seconds_bucket{";
  private static final String FEED_AGE_BUCKET = "ticker_feed_age_seconds_bucket{";

  /** The families {@link #parse} reads, and only they are asked for. */
  private static final String FAMILIES = Stream.of("ticker_ticks_in_total", "ticker_ticks_out_total", "ticker_frames_out_total",
      "ticker_frames_skipped_total", "ticker_ticks_coalesced_total", "ticker_slow_consumer_closes_total", "ticker_connections",
      "process_cpu_time_ns_total", "jvm_memory_used_bytes", "ticker_tick_latency_seconds", "ticker_feed_age_seconds")
      .map(name -> "name%5B%5D=" + name).collect(Collectors.joining("&"));

  /**
   * Where to read a node's meters at {@code metricsUrl}: with the Prometheus filter ({@code
   * name[]}) for the families the report uses, so that reading them every second costs the node
   * little. A node that does not filter sends everything, which parses the same.
   */
  public static String scrapeUrl(String metricsUrl) {
    return metricsUrl + (metricsUrl.indexOf('?') < 0 ? '?' : '&') + FAMILIES;
  }

  public static ServerMetrics parse(String text, long atMillis) {
    Map<String, Double> v = new LinkedHashMap<>();
    NavigableMap<Double, Double> ageBuckets = new TreeMap<>();
    NavigableMap<Double, Double> feedBuckets = new TreeMap<>();
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
        addBucket(ageBuckets, name, value);
      } else if (name.startsWith(FEED_AGE_BUCKET)) {
        addBucket(feedBuckets, name, value);
      } else if (name.indexOf('{') < 0) {
        v.put(name, value);
      }
    }
    double cpuNs = v.getOrDefault("process_cpu_time_ns_total", Double.NaN);
    return new ServerMetrics(atMillis, get(v, "ticker_ticks_in_total"), get(v, "ticker_ticks_out_total"),
        get(v, "ticker_frames_out_total"), get(v, "ticker_frames_skipped_total"), get(v, "ticker_ticks_coalesced_total"),
        get(v, "ticker_slow_consumer_closes_total"), get(v, "ticker_connections"), cpuNs / 1e9, heap, ageBuckets, feedBuckets);
  }

  private static void addBucket(NavigableMap<Double, Double> buckets, String name, double count) {
    double le = bucketBound(name);
    if (!Double.isNaN(le)) {
      buckets.merge(le, count, Double::sum);
    }
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
   * The value, in ms, under which a fraction {@code q} of what {@code histogram} observed between
   * scrapes {@code a} and {@code b} fell (frames built, feed frames received): the upper bound of the
   * bucket it lands in, so "at most"; null when nothing was observed in between or the node publishes
   * no such histogram.
   */
  public static Double atMostMs(Function<ServerMetrics, NavigableMap<Double, Double>> histogram, ServerMetrics a, ServerMetrics b, double q) {
    NavigableMap<Double, Double> before = histogram.apply(a);
    NavigableMap<Double, Double> after = histogram.apply(b);
    double total = count(after, Double.POSITIVE_INFINITY) - count(before, Double.POSITIVE_INFINITY);
    if (!(total > 0)) {
      return null;
    }
    for (double le : after.keySet()) {
      if (count(after, le) - count(before, le) >= q * total) {
        return Double.isInfinite(le) ? null : Report.round(le * 1000);
      }
    }
    return null;
  }

  private static double count(NavigableMap<Double, Double> buckets, double le) {
    Double c = buckets.get(le);
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
    m.put("tickAgeP50AtMostMs", atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.50));
    m.put("tickAgeP99AtMostMs", atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.99));
    m.put("tickAgeP999AtMostMs", atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.999));
    m.put("feedAgeP99AtMostMs", atMostMs(ServerMetrics::feedAgeBuckets, a, b, 0.99));
    m.put("connectionsAtEnd", Report.round(runEnd.connections));
    m.put("heapUsedBytes", Report.round(runEnd.heapUsedBytes));
    m.put("heapPerConnectionBytes", runEnd.connections > 0 ? Report.round(runEnd.heapUsedBytes / runEnd.connections) : null);
    return m;
  }
}
