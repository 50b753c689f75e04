package io.ticker.loadtest.measurement;

import io.ticker.loadtest.connections.Lane;
import io.ticker.loadtest.reporting.Report;
import io.ticker.loadtest.reporting.ServerMetrics;
import io.ticker.loadtest.reporting.ServerWatch;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Collects the lanes' counters and tick-age recorders once a second into a timeline, keeps the
 * cumulative histogram of the measurement window and prints the progress line.
 */
public final class Sampler {

  private final List<Lane> lanes;
  private final RunState run;
  private final PrintStream out;
  /** The nodes' metrics, read once a second (none with --no-scrape-metrics). */
  private final ServerWatch server;
  /** Each node's reading the last sample used. */
  private final ServerMetrics[] lastServer;
  private final long t0 = System.nanoTime();
  private final Histogram second = new Histogram(Lane.MAX_AGE_MS, 3);
  public final Histogram window = new Histogram(Lane.MAX_AGE_MS, 3);
  public final List<Sample> timeline = new ArrayList<>();
  private final Histogram[] recycle;
  private long lastFrames;
  private long lastTicks;
  private long lastBytes;
  private long lastAt = System.nanoTime();
  /** Where the run is: only the window's samples are measured; the others are labelled in the progress line. */
  public enum Phase {
    RAMP("  (ramp)"), WARMUP("  (warm-up)"), WINDOW(""), AFTER("  (after)");

    private final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  public volatile Phase phase = Phase.RAMP;

  public Sampler(List<Lane> lanes, RunState run, ServerWatch server, PrintStream out) {
    this.lanes = lanes;
    this.run = run;
    this.server = server;
    this.lastServer = new ServerMetrics[server.nodes()];
    this.out = out;
    this.recycle = new Histogram[lanes.size()];
  }

  public long frames() {
    return lanes.stream().mapToLong(l -> l.frames).sum();
  }

  public long ticks() {
    return lanes.stream().mapToLong(l -> l.ticks).sum();
  }

  public long bytes() {
    return lanes.stream().mapToLong(l -> l.bytes).sum();
  }

  public List<Lane> lanes() {
    return lanes;
  }

  public long sum(java.util.function.ToLongFunction<Lane> f) {
    return lanes.stream().mapToLong(f).sum();
  }

  /** Takes one sample (call about once a second from one thread) and prints it unless quiet. */
  public synchronized Sample sample(boolean print) {
    long now = System.nanoTime();
    double secs = Math.max(1e-3, (now - lastAt) / 1e9);
    second.reset();
    for (int i = 0; i < lanes.size(); i++) {
      recycle[i] = lanes.get(i).ages.getIntervalHistogram(recycle[i]);
      second.add(recycle[i]);
    }
    boolean measuring = phase == Phase.WINDOW;
    ServerSecond serverSide = serverSecond();
    if (measuring) {
      window.add(second);
    }
    long f = frames();
    long t = ticks();
    long b = bytes();
    Sample s = new Sample(Report.round((now - t0) / 1e9), run.open.get(), run.stalledOpen.get(),
        Report.round((f - lastFrames) / secs), Report.round((t - lastTicks) / secs), Report.round((b - lastBytes) / secs / 1e6),
        second.getValueAtPercentile(50), second.getValueAtPercentile(90), second.getValueAtPercentile(99),
        second.getValueAtPercentile(99.9), second.getMaxValue(), second.getTotalCount(), measuring,
        serverSide.cores(), serverSide.ageP99AtMostMs());
    for (int i = 0; i < lastServer.length; i++) {
      lastServer[i] = server.latest(i);
    }
    server.poll();
    lastFrames = f;
    lastTicks = t;
    lastBytes = b;
    lastAt = now;
    timeline.add(s);
    if (print) {
      out.printf("[%6.1fs] conn %d%s  frames/s %,.0f  ticks/s %,.0f  %.2f MB/s  age p50 %d ms p99 %d ms max %d ms  seq-viol %d  disc %d  conn-fail %d%s%s%n",
          s.t(), s.connections(), run.config.o().stalled > 0 ? " (+" + s.stalled() + " stalled)" : "",
          s.framesPerSec(), s.ticksPerSec(), s.mbPerSec(), s.ageP50(), s.ageP99(), s.ageMax(),
          sum(l -> l.seqViolations), run.disconnects.sum(), run.connectFailures.sum(), serverPart(s), phase.label);
    }
    return s;
  }

  private record ServerSecond(Double cores, Double ageP99AtMostMs) {
  }

  /**
   * The nodes' side of the second since the last sample, from each node's newest reading against
   * the one the last sample used: their cores (summed) and tick age p99 (at most, the largest);
   * nulls without two readings of any node.
   */
  private ServerSecond serverSecond() {
    double cores = 0;
    boolean any = false;
    Double worstP99 = null;
    for (int i = 0; i < lastServer.length; i++) {
      ServerMetrics a = lastServer[i];
      ServerMetrics b = server.latest(i);
      if (a == null || b == null || b.atMillis() <= a.atMillis()) {
        continue;
      }
      any = true;
      cores += (b.cpuTimeSeconds() - a.cpuTimeSeconds()) / ((b.atMillis() - a.atMillis()) / 1000.0);
      Double p99 = ServerMetrics.atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.99);
      if (p99 != null && (worstP99 == null || p99 > worstP99)) {
        worstP99 = p99;
      }
    }
    return new ServerSecond(any ? Report.round(cores) : null, worstP99);
  }

  private static String serverPart(Sample s) {
    if (s.serverCores() == null) {
      return "";
    }
    return String.format("  server %.2f cores%s", s.serverCores(),
        s.serverAgeP99AtMostMs() == null ? "" : String.format(", age p99 ≤ %.0f ms", s.serverAgeP99AtMostMs()));
  }
}
