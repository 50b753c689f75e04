package io.ticker.loadtest.reporting;

import io.ticker.loadtest.LoadTestOptions;
import io.ticker.loadtest.connections.JwtSettings;
import io.ticker.loadtest.connections.Target;
import io.ticker.loadtest.measurement.Results;
import io.ticker.model.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The run as a JSON document (--out) and as the text summary printed at the end. */
public final class Report {

  private Report() {
  }

  public static Double round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
  }

  static Map<String, Object> json(Results r) {
    LoadTestOptions o = r.config.o();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("label", o.label);
    root.put("startedAt", java.time.Instant.ofEpochMilli(r.startedAtMillis).toString());
    root.put("passed", r.failures.isEmpty());
    root.put("failures", r.failures);
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("urls", r.config.targets().stream().map(Target::url).toList());
    cfg.put("connections", o.connections);
    cfg.put("symbolsPerConn", r.config.allSymbols() ? "*" : o.symbolsPerConn);
    cfg.put("symbolUniverse", r.symbolUniverse);
    cfg.put("intervalMs", o.intervalMs);
    cfg.put("durationMs", r.config.durationMs());
    cfg.put("rampRate", o.rampRate);
    cfg.put("stalled", o.stalled);
    cfg.put("seed", o.seed);
    cfg.put("eventLoops", r.config.eventLoops());
    cfg.put("sourceAddresses", r.config.sourceAddresses());
    cfg.put("metricsUrls", r.config.targets().stream().map(Target::metricsUrl).toList());
    cfg.put("trustFile", r.config.trustFile());
    root.put("config", cfg);
    Map<String, Object> auth = new LinkedHashMap<>();
    JwtSettings jwt = r.config.jwt();
    auth.put("mode", jwt == null ? "none" : "jwt");
    if (jwt != null) {
      auth.put("algorithm", "HS256");
      auth.put("grants", jwt.grants());
      auth.put("ttlSeconds", jwt.ttlSeconds());
      auth.put("issuer", jwt.issuer());
      auth.put("audience", jwt.audience());
      auth.put("sentAs", jwt.viaOp() ? "auth op" : "Authorization header");
      auth.put("tokens", r.tokens == null ? 0 : r.tokens.count());
      auth.put("mintMs", r.tokens == null ? null : round(r.tokens.mintMillis));
      auth.put("signerSetupMs", r.tokens == null ? null : round(r.tokens.setupMillis));
      auth.put("refused", r.tokenRefused);
    }
    root.put("auth", auth);
    Map<String, Object> conn = new LinkedHashMap<>();
    conn.put("target", r.connectionsTarget);
    conn.put("openAtEnd", r.connectedAtEnd);
    conn.put("handshakes", r.connectedEver);
    conn.put("connectFailures", r.connectFailures);
    conn.put("connectErrors", r.connectErrors);
    conn.put("disconnects", r.disconnects);
    conn.put("reconnects", r.reconnects);
    conn.put("resume", r.config.o().resume);
    conn.put("reconnectSnapshots", r.reconnectSnapshots);
    conn.put("reconnectSnapshotTicks", r.reconnectSnapshotTicks);
    conn.put("reconnectSnapshotBytes", r.reconnectSnapshotBytes);
    conn.put("reconnectSnapshotRepeats", r.reconnectSnapshotRepeats);
    conn.put("storm", storm(r));
    conn.put("closeCodes", r.closeCodes);
    conn.put("connectMs", percentiles(r.connectMicros, 1000.0));
    conn.put("rampSeconds", round(r.rampSeconds));
    conn.put("warmupSeconds", round(r.config.warmupMs() / 1e3));
    root.put("connections", conn);
    Map<String, Object> tp = new LinkedHashMap<>();
    tp.put("measuredSeconds", round(r.measuredSeconds));
    tp.put("frames", r.frames);
    tp.put("ticks", r.ticks);
    tp.put("bytes", r.bytes);
    tp.put("framesPerSec", round(r.framesPerSec()));
    tp.put("ticksPerSec", round(r.ticksPerSec()));
    tp.put("mbPerSec", round(r.mbPerSec()));
    tp.put("snapshotTicks", r.snapshotTicks);
    root.put("throughput", tp);
    root.put("tickAgeMs", percentiles(r.ages, 1.0));
    Map<String, Object> correct = new LinkedHashMap<>();
    correct.put("seqViolations", r.seqViolations);
    correct.put("finalCheckRan", r.checkRan);
    correct.put("finalCheckSettledMs", r.checkSettledMs);
    correct.put("finalCheckError", r.checkError);
    correct.put("checkedSymbolValues", r.check.pairs);
    correct.put("mismatches", r.check.mismatches());
    correct.put("staleValues", r.check.stale);
    correct.put("differentTicks", r.check.different);
    correct.put("missingInSnapshot", r.check.missingInSnapshot);
    correct.put("connectionsNotOpenAtCheck", r.check.notOpen);
    correct.put("mismatchSamples", r.check.samples);
    correct.put("unexpectedTicks", r.unexpectedTicks);
    correct.put("parseErrors", r.parseErrors);
    correct.put("errorReplies", r.errorCodes);
    correct.put("statusFrames", r.statusFrames);
    root.put("correctness", correct);
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("target", r.stalledTarget);
    st.put("connected", r.stalledConnected);
    st.put("closedByServer", r.stalledClosed);
    st.put("closeCodes", r.stalledCloseCodes);
    st.put("serverSlowConsumerCloses", round(r.serverSlowConsumerCloses()));
    st.put("bytesReadAfterResume", r.stalledBytes);
    root.put("stalled", st);
    root.put("server", r.server);
    root.put("timeline", r.timeline);
    return root;
  }

  /**
   * The reconnect storm: each lost session (a node killed or restarted), the time from the drop to
   * its first snapshot after reconnecting ("current again"), and from the first drop to the last
   * recovery (all current again), with what those snapshots cost.
   */
  static Map<String, Object> storm(Results r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("drops", r.stormDrops);
    m.put("recovered", r.stormRecovered);
    m.put("awaitingAtEnd", r.stormAwaitingAtEnd);
    m.put("recoveryMs", percentiles(r.recoveryMs, 1.0));
    m.put("allCurrentAfterMs", r.stormDrops == 0 || r.stormAwaitingAtEnd > 0 || r.stormLastRecoveredMillis == 0 ? null
        : r.stormLastRecoveredMillis - r.stormFirstDropMillis);
    m.put("firstDropAt", r.stormFirstDropMillis == 0 ? null : java.time.Instant.ofEpochMilli(r.stormFirstDropMillis).toString());
    m.put("lastRecoveredAt", r.stormLastRecoveredMillis == 0 ? null : java.time.Instant.ofEpochMilli(r.stormLastRecoveredMillis).toString());
    m.put("reconnectSnapshotTicks", r.reconnectSnapshotTicks);
    m.put("reconnectSnapshotBytes", r.reconnectSnapshotBytes);
    return m;
  }

  static Map<String, Object> percentiles(Histogram h, double divisor) {
    Map<String, Object> m = new LinkedHashMap<>();
    boolean any = h != null && h.getTotalCount() > 0;
    m.put("count", any ? h.getTotalCount() : 0);
    m.put("mean", any ? round(h.getMean() / divisor) : null);
    for (double p : new double[] {50, 90, 99, 99.9}) {
      m.put("p" + (p == Math.rint(p) ? String.valueOf((int) p) : String.valueOf(p)), any ? round(h.getValueAtPercentile(p) / divisor) : null);
    }
    m.put("max", any ? round(h.getMaxValue() / divisor) : null);
    return m;
  }

  public static void writeJson(Results r, Path file) throws IOException {
    Files.write(file, Wire.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(json(r)));
  }

  public static String text(Results r) {
    StringBuilder b = new StringBuilder();
    LoadTestOptions o = r.config.o();
    b.append(String.format("%n=== %s: %d connections x %s symbols at %d ms, %.1f s measured (ramp %.1f s, warm-up %.1f s) ===%n",
        o.label, o.connections, r.config.allSymbols() ? "*(" + r.symbolUniverse + ")" : o.symbolsPerConn + "/" + r.symbolUniverse,
        o.intervalMs, r.measuredSeconds, r.rampSeconds, r.config.warmupMs() / 1e3));
    b.append(String.format("connections   open %d/%d, handshakes %d, connect failures %d %s, disconnects %d %s, reconnects %d%n",
        r.connectedAtEnd, r.connectionsTarget, r.connectedEver, r.connectFailures, r.connectErrors.isEmpty() ? "" : r.connectErrors,
        r.disconnects, r.closeCodes.isEmpty() ? "" : "codes " + r.closeCodes, r.reconnects));
    if (r.reconnectSnapshots > 0 || o.resume) {
      b.append(String.format("reconnects    %,d snapshots with %,d ticks, %,d bytes after reconnecting (%s)%n", r.reconnectSnapshots,
          r.reconnectSnapshotTicks, r.reconnectSnapshotBytes, o.resume
              ? "--resume: since = last seen seqs; " + r.reconnectSnapshotRepeats + " ticks repeated a seq the client held"
              : "no --resume: full snapshots"));
    }
    if (r.stormDrops > 0) {
      Map<String, Object> rm = percentiles(r.recoveryMs, 1.0);
      Object all = storm(r).get("allCurrentAfterMs");
      b.append(String.format("storm         %,d sessions lost, %,d current again (%,d still waiting): drop -> snapshot ms p50 %s, p99 %s, max %s; all current %s%n",
          r.stormDrops, r.stormRecovered, r.stormAwaitingAtEnd, rm.get("p50"), rm.get("p99"), rm.get("max"),
          all == null ? "never (some still waiting)" : all + " ms after the first drop"));
    }
    if (r.config.jwt() != null) {
      b.append(String.format("auth          jwt, tokens %s; %s%s%n", r.tokens == null ? "none" : r.tokens.describeTiming(),
          r.config.jwt().describe(), r.tokenRefused == null ? "" : "; REFUSED: " + r.tokenRefused));
    }
    Map<String, Object> cm = percentiles(r.connectMicros, 1000.0);
    b.append(String.format("connect time  p50 %s ms, p99 %s ms, max %s ms%n", cm.get("p50"), cm.get("p99"), cm.get("max")));
    b.append(String.format("throughput    %,.0f frames/s, %,.0f ticks/s, %.2f MB/s (%,d ticks, %,d frames)%n",
        r.framesPerSec(), r.ticksPerSec(), r.mbPerSec(), r.ticks, r.frames));
    Map<String, Object> a = percentiles(r.ages, 1.0);
    b.append(String.format("tick age ms   p50 %s, p90 %s, p99 %s, p99.9 %s, max %s, mean %s%n",
        a.get("p50"), a.get("p90"), a.get("p99"), a.get("p99.9"), a.get("max"), a.get("mean")));
    b.append(String.format("correctness   seq violations %d, final-value mismatches %d (stale %d, different %d) of %,d checked%s%s%s%n",
        r.seqViolations, r.check.mismatches(), r.check.stale, r.check.different, r.check.pairs,
        r.checkRan ? String.format(" %,d ms after the snapshot", r.checkSettledMs) : "",
        r.checkError != null ? " — " + r.checkError : "", r.unexpectedTicks > 0 ? ", unexpected ticks " + r.unexpectedTicks : ""));
    for (String s : r.check.samples) {
      b.append("              ").append(s).append('\n');
    }
    if (!r.errorCodes.isEmpty()) {
      b.append("error replies ").append(r.errorCodes).append('\n');
    }
    if (r.stalledTarget > 0) {
      b.append(String.format("stalled       %d opened, %d closed by the server (client saw codes %s), server slow-consumer closes %s%n",
          r.stalledConnected, r.stalledClosed, r.stalledCloseCodes, round(r.serverSlowConsumerCloses())));
    }
    for (Map<String, Object> s : r.server) {
      b.append(String.format("server %s%s  ticks out %s/s, frames out %s/s, ticks in %s/s, cpu %s cores, heap %s MB (%s B/conn), frames skipped %s,"
              + " tick age on the service p50/p99/p99.9 at most %s/%s/%s ms%n",
          s.get("node"), s.get("metricsUrl") == null || String.valueOf(s.get("metricsUrl")).startsWith(s.get("node") + "/") ? ""
              : " (metrics " + s.get("metricsUrl") + ")", s.get("ticksOutPerSec"), s.get("framesOutPerSec"), s.get("ticksInPerSec"), s.get("cpuCores"),
          s.get("heapUsedBytes") == null ? "?" : String.format("%.1f", ((Number) s.get("heapUsedBytes")).doubleValue() / 1e6),
          s.get("heapPerConnectionBytes"), s.get("framesSkipped"), s.get("tickAgeP50AtMostMs"), s.get("tickAgeP99AtMostMs"),
          s.get("tickAgeP999AtMostMs")));
    }
    b.append(r.failures.isEmpty() ? "RESULT        PASS\n" : "RESULT        FAIL\n");
    List<String> f = r.failures;
    for (String s : f) {
      b.append("  objective failed: ").append(s).append('\n');
    }
    return b.toString();
  }
}
