package io.ticker.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Everything one run measured; filled by {@link LoadTest}, read by the reports and the objectives. */
final class Results {

  LoadTestConfig config;
  long startedAtMillis;
  double rampSeconds;
  double measuredSeconds;
  int symbolUniverse;
  /** The tokens minted (one per connection) under --jwt-secret-file, or null. */
  Tokens tokens;
  /** How the service refused the run's token before the ramp, or null. */
  String tokenRefused;
  long connectionsTarget;
  long connectedAtEnd;
  long connectedEver;
  long connectFailures;
  long disconnects;
  long reconnects;
  Map<String, Long> closeCodes = new LinkedHashMap<>();
  Map<String, Long> connectErrors = new LinkedHashMap<>();
  Map<String, Long> errorCodes = new LinkedHashMap<>();
  long frames;
  long ticks;
  long bytes;
  long snapshotTicks;
  long seqViolations;
  long unexpectedTicks;
  long parseErrors;
  long statusFrames;
  Histogram ages;
  Histogram connectMicros;
  FinalCheck check = new FinalCheck();
  boolean checkRan;
  String checkError;
  long stalledTarget;
  long stalledConnected;
  long stalledClosed;
  Map<String, Long> stalledCloseCodes = new LinkedHashMap<>();
  long stalledBytes;
  List<Map<String, Object>> server = new ArrayList<>();
  List<Sample> timeline = new ArrayList<>();
  List<String> failures = new ArrayList<>();

  double framesPerSec() {
    return frames / Math.max(0.001, measuredSeconds);
  }

  double ticksPerSec() {
    return ticks / Math.max(0.001, measuredSeconds);
  }

  double mbPerSec() {
    return bytes / Math.max(0.001, measuredSeconds) / 1e6;
  }

  /** Tick age percentile in ms over the measurement window, NaN when no tick was received. */
  double age(double percentile) {
    return ages == null || ages.getTotalCount() == 0 ? Double.NaN : ages.getValueAtPercentile(percentile);
  }

  double serverSlowConsumerCloses() {
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
}
