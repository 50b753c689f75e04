package io.ticker.loadtest.measurement;

import io.ticker.loadtest.LoadTestConfig;
import io.ticker.loadtest.LoadTestOptions;
import io.ticker.loadtest.checks.FinalCheck;
import io.ticker.loadtest.connections.ClientConnection;
import io.ticker.loadtest.connections.Lane;
import io.ticker.loadtest.connections.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/** Everything one run measured; filled by the load-test runner, read by the reports and the objectives. */
public final class Results {

  public LoadTestConfig config;
  public long startedAtMillis;
  public double rampSeconds;
  public double measuredSeconds;
  public int symbolUniverse;
  /** The tokens minted (one per connection) under --jwt-secret-file, or null. */
  public Tokens tokens;
  /** How the service refused the run's token before the ramp, or null. */
  public String tokenRefused;
  public long connectionsTarget;
  public long connectedAtEnd;
  public long connectedEver;
  public long connectFailures;
  public long disconnects;
  public long reconnects;
  public Map<String, Long> closeCodes = new LinkedHashMap<>();
  public Map<String, Long> connectErrors = new LinkedHashMap<>();
  public Map<String, Long> errorCodes = new LinkedHashMap<>();
  public long frames;
  public long ticks;
  public long bytes;
  public long snapshotTicks;
  public long reconnectSnapshots;
  public long reconnectSnapshotTicks;
  public long reconnectSnapshotBytes;
  public long reconnectSnapshotRepeats;
  /** Reconnect storm: sessions lost, recovered (first snapshot after the reconnect), still waiting at the end. */
  public long stormDrops;
  public long stormRecovered;
  public long stormAwaitingAtEnd;
  /** Epoch ms of the first drop and of the last recovery (0 when none). */
  public long stormFirstDropMillis;
  public long stormLastRecoveredMillis;
  /** Ms from a drop to the first snapshot after the reconnect, one value per recovered session. */
  public Histogram recoveryMs;
  public long seqViolations;
  public long unexpectedTicks;
  public long parseErrors;
  public long statusFrames;
  public Histogram ages;
  public Histogram connectMicros;
  public FinalCheck check = new FinalCheck();
  public boolean checkRan;
  /** From the node snapshot to the final check's last look (at least two intervals and 500 ms). */
  public long checkSettledMs;
  public String checkError;
  public long stalledTarget;
  public long stalledConnected;
  public long stalledClosed;
  public Map<String, Long> stalledCloseCodes = new LinkedHashMap<>();
  public long stalledBytes;
  public List<Map<String, Object>> server = new ArrayList<>();
  public List<Sample> timeline = new ArrayList<>();
  public List<String> failures = new ArrayList<>();

  public double framesPerSec() {
    return frames / Math.max(0.001, measuredSeconds);
  }

  public double ticksPerSec() {
    return ticks / Math.max(0.001, measuredSeconds);
  }

  public double mbPerSec() {
    return bytes / Math.max(0.001, measuredSeconds) / 1e6;
  }

  /** Tick age percentile in ms over the measurement window, NaN when no tick was received. */
  public double age(double percentile) {
    return ages == null || ages.getTotalCount() == 0 ? Double.NaN : ages.getValueAtPercentile(percentile);
  }

  public double serverSlowConsumerCloses() {
    double sum = 0;
    boolean any = false;
    for (Map<String, Object> s : server) {
      Object v = s.get("slowConsumerCloses");
      if (v instanceof Number n) {
        sum += n.doubleValue();
        any = true;
      }
    }
    return any ? sum : Double.NaN;
  }

  /** The run's counters and its lanes' counts, read at the end of the run (after the final check). */
  public void collect(RunState run, Sampler s) {
    LoadTestOptions o = run.config.o();
    connectionsTarget = o.connections;
    connectedAtEnd = run.open.get();
    connectedEver = run.connected.sum();
    connectFailures = run.connectFailures.sum();
    disconnects = run.disconnects.sum();
    reconnects = run.reconnects.sum();
    closeCodes = counts(run.closeCodes);
    connectErrors = counts(run.connectErrors);
    errorCodes = counts(run.errorCodes);
    snapshotTicks = s.sum(l -> l.snapshotTicks);
    reconnectSnapshots = s.sum(l -> l.reconnectSnapshots);
    reconnectSnapshotTicks = s.sum(l -> l.reconnectSnapshotTicks);
    reconnectSnapshotBytes = s.sum(l -> l.reconnectSnapshotBytes);
    reconnectSnapshotRepeats = s.sum(l -> l.reconnectSnapshotRepeats);
    stormDrops = s.sum(l -> l.drops);
    stormRecovered = s.sum(l -> l.recovered);
    stormAwaitingAtEnd = s.lanes().stream().mapToLong(l -> l.connections.stream().filter(ClientConnection::awaitingRecovery).count()).sum();
    long firstDrop = s.lanes().stream().mapToLong(l -> l.firstDropAtMillis).min().orElse(Long.MAX_VALUE);
    stormFirstDropMillis = firstDrop == Long.MAX_VALUE ? 0 : firstDrop;
    stormLastRecoveredMillis = s.lanes().stream().mapToLong(l -> l.lastRecoveredAtMillis).max().orElse(0);
    Histogram recovery = new Histogram(Lane.MAX_AGE_MS, 3);
    s.lanes().forEach(l -> recovery.add(l.recovery.getIntervalHistogram()));
    recoveryMs = recovery;
    seqViolations = s.sum(l -> l.seqViolations);
    unexpectedTicks = s.sum(l -> l.unexpectedTicks);
    parseErrors = s.sum(l -> l.parseErrors);
    statusFrames = s.sum(l -> l.statusFrames);
    stalledBytes = s.sum(l -> l.stalledBytes);
    stalledTarget = o.stalled;
    stalledClosed = run.stalledClosed.sum();
    stalledConnected = stalledClosed + run.stalledOpen.get();
    stalledCloseCodes = counts(run.stalledCloseCodes);
    connectMicros = run.connectTimes.getIntervalHistogram();
    timeline = new ArrayList<>(s.timeline);
  }

  private static Map<String, Long> counts(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }
}
