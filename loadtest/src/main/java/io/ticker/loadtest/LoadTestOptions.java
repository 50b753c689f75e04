package io.ticker.loadtest;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The command line (every option is also a LOADTEST_* environment variable); validated by {@link LoadTestConfig}. */
public final class LoadTestOptions {

  @Option(names = "--url", split = ",", defaultValue = "${env:LOADTEST_URL:-ws://127.0.0.1:8080/ws}",
      description = "WebSocket URL(s) of the service; repeat or comma-separate to spread connections round-robin [LOADTEST_URL].")
  public List<String> urls = new ArrayList<>();
  @Option(names = "--connections", defaultValue = "${env:LOADTEST_CONNECTIONS:-100}", description = "Reading connections [LOADTEST_CONNECTIONS].")
  public int connections;
  @Option(names = "--symbols-per-conn", defaultValue = "${env:LOADTEST_SYMBOLS_PER_CONN:-10}", description = "Random symbols per connection; 0 = \"*\" (all) [LOADTEST_SYMBOLS_PER_CONN].")
  public int symbolsPerConn;
  @Option(names = "--all", defaultValue = "${env:LOADTEST_ALL:-false}", description = "Subscribe every connection to \"*\" (same as --symbols-per-conn 0) [LOADTEST_ALL].")
  public boolean all;
  @Option(names = "--interval-ms", defaultValue = "${env:LOADTEST_INTERVAL_MS:-250}", description = "Requested update interval, 50..10000 [LOADTEST_INTERVAL_MS].")
  public int intervalMs;
  @Option(names = "--duration", defaultValue = "${env:LOADTEST_DURATION:-60s}", description = "Measurement time after the ramp, e.g. 30s, 2m, 500ms [LOADTEST_DURATION].")
  public String duration;
  @Option(names = "--warmup", defaultValue = "${env:LOADTEST_WARMUP:-0s}", description = "Time between the ramp and the measurement, e.g. "
      + "15s: the ramp's backlog drains and the JIT settles, so the window measures the steady state; 0s measures from the ramp's end [LOADTEST_WARMUP].")
  public String warmup;
  @Option(names = "--ramp-rate", defaultValue = "${env:LOADTEST_RAMP_RATE:-1000}", description = "New connections per second while ramping up [LOADTEST_RAMP_RATE].")
  public int rampRate;
  @Option(names = "--seed", defaultValue = "${env:LOADTEST_SEED:-1}", description = "Seed of the random symbol sets [LOADTEST_SEED].")
  public long seed;
  @Option(names = "--event-loops", defaultValue = "${env:LOADTEST_EVENT_LOOPS:-0}", description = "Client event loops; 0 = one per core [LOADTEST_EVENT_LOOPS].")
  public int eventLoops;
  @Option(names = "--source-addresses", split = ",", defaultValue = "${env:LOADTEST_SOURCE_ADDRESSES}",
      description = "Local 127.0.0.x addresses to connect from, round-robin (one gives ~28k ports); automatic above 25,000 connections per host [LOADTEST_SOURCE_ADDRESSES].")
  public List<String> sourceAddresses;
  @Option(names = "--drain-only", defaultValue = "${env:LOADTEST_DRAIN_ONLY:-false}",
      description = "Read and count frames without parsing them, to measure how much the server can push (its ticks/s is the "
          + "rate of ticker_ticks_out_total in the report); no tick ages, seq or final-value checks [LOADTEST_DRAIN_ONLY].")
  public boolean drainOnly;
  @Option(names = "--idle", defaultValue = "${env:LOADTEST_IDLE:-false}",
      description = "Connections open and subscribe to nothing: what a connection at rest costs the server (bench scenario i); "
          + "no values to check [LOADTEST_IDLE].")
  public boolean idle;
  @Option(names = "--stalled", defaultValue = "${env:LOADTEST_STALLED:-0}", description = "Extra connections that subscribe to \"*\" then never read (slow consumers) [LOADTEST_STALLED].")
  public int stalled;
  @Option(names = "--reconnect", negatable = true, defaultValue = "${env:LOADTEST_RECONNECT:-true}", fallbackValue = "true",
      description = "Reconnect (after 1-1.5 s) connections that drop or fail to connect, to the next --url round-robin "
          + "(a killed node's clients move to the others) [LOADTEST_RECONNECT].")
  public boolean reconnect;
  @Option(names = "--resume", defaultValue = "${env:LOADTEST_RESUME:-false}",
      description = "On a reconnect, subscribe with since = the last seq seen per symbol, so the snapshot holds only the symbols "
          + "that moved meanwhile, and keep checking seq across the reconnect; the report counts snapshot ticks received on "
          + "reconnects either way, to compare a reconnect storm's cost with and without [LOADTEST_RESUME].")
  public boolean resume;
  @Option(names = "--connect-timeout-ms", defaultValue = "${env:LOADTEST_CONNECT_TIMEOUT_MS:-10000}", description = "WebSocket connect/handshake timeout [LOADTEST_CONNECT_TIMEOUT_MS].")
  public int connectTimeoutMs;
  @Option(names = "--label", defaultValue = "${env:LOADTEST_LABEL:-loadtest}", description = "Name of the run in the reports [LOADTEST_LABEL].")
  public String label;
  @Option(names = "--out", defaultValue = "${env:LOADTEST_OUT}", description = "Write the JSON report here [LOADTEST_OUT].")
  public String out;
  @Option(names = "--html", defaultValue = "${env:LOADTEST_HTML}", description = "Write the self-contained HTML report here [LOADTEST_HTML].")
  public String html;
  @Option(names = "--quiet", defaultValue = "${env:LOADTEST_QUIET:-false}", description = "No per-second progress line [LOADTEST_QUIET].")
  public boolean quiet;
  @Option(names = "--scrape-metrics", negatable = true, defaultValue = "${env:LOADTEST_SCRAPE_METRICS:-true}", fallbackValue = "true",
      description = "Read the service's /metrics before and after the run (server ticks out, slow-consumer closes, heap) and once a second "
          + "(its cores and tick age in the progress line) [LOADTEST_SCRAPE_METRICS].")
  public boolean scrapeMetrics;

  @Option(names = "--metrics-url", split = ",", defaultValue = "${env:LOADTEST_METRICS_URL}",
      description = "Where each --url's node serves /metrics, in the same order, when not on the WebSocket port "
          + "(--management-port), e.g. http://127.0.0.1:9100/metrics [LOADTEST_METRICS_URL].")
  public List<String> metricsUrls;

  @Option(names = "--jwt-secret-file", defaultValue = "${env:LOADTEST_JWT_SECRET_FILE}",
      description = "HS256 secret of a service run with --auth jwt (the file's trimmed text, at least 32 bytes): every "
          + "connection gets its own token (sub load-<index>), minted before the ramp [LOADTEST_JWT_SECRET_FILE].")
  public String jwtSecretFile;
  @Option(names = "--jwt-symbols", split = ",", defaultValue = "${env:LOADTEST_JWT_SYMBOLS:-*}",
      description = "Grants in the tokens: *, kind:crypto, kind:stock or exact symbols, comma-separated [LOADTEST_JWT_SYMBOLS].")
  public List<String> jwtSymbols;
  @Option(names = "--jwt-ttl", defaultValue = "${env:LOADTEST_JWT_TTL:-1h}", description = "Lifetime of the tokens, e.g. 90s, 30m, 1h [LOADTEST_JWT_TTL].")
  public String jwtTtl;
  @Option(names = "--jwt-issuer", defaultValue = "${env:LOADTEST_JWT_ISSUER}", description = "iss claim, when the service checks --jwt-issuer [LOADTEST_JWT_ISSUER].")
  public String jwtIssuer;
  @Option(names = "--jwt-audience", defaultValue = "${env:LOADTEST_JWT_AUDIENCE}", description = "aud claim, when the service checks --jwt-audience [LOADTEST_JWT_AUDIENCE].")
  public String jwtAudience;
  @Option(names = "--jwt-via-op", defaultValue = "${env:LOADTEST_JWT_VIA_OP:-false}",
      description = "Send the token as the auth op after the upgrade (as browsers do) instead of the Authorization: Bearer header; "
          + "a connection counts as connected once the service answers authed [LOADTEST_JWT_VIA_OP].")
  public boolean jwtViaOp;
  @Option(names = "--trust-file", defaultValue = "${env:LOADTEST_TRUST_FILE}",
      description = "PEM CA certificate(s) to trust for wss:// and https:// (default: the JVM's trust store); host names are verified [LOADTEST_TRUST_FILE].")
  public String trustFile;

  @Option(names = "--slo-p99-ms", defaultValue = "${env:LOADTEST_SLO_P99_MS:--1}", description = "Objective: p99 tick age (ts to receipt) at most this; -1 = none [LOADTEST_SLO_P99_MS].")
  public long sloP99Ms;
  @Option(names = "--slo-p999-ms", defaultValue = "${env:LOADTEST_SLO_P999_MS:--1}", description = "Objective: p99.9 tick age at most this; -1 = none [LOADTEST_SLO_P999_MS].")
  public long sloP999Ms;
  @Option(names = "--max-mismatches", defaultValue = "${env:LOADTEST_MAX_MISMATCHES:-0}", description = "Objective: final-value mismatches at most this; -1 = none [LOADTEST_MAX_MISMATCHES].")
  public long maxMismatches;
  @Option(names = "--max-seq-violations", defaultValue = "${env:LOADTEST_MAX_SEQ_VIOLATIONS:-0}", description = "Objective: seq going backwards at most this; -1 = none [LOADTEST_MAX_SEQ_VIOLATIONS].")
  public long maxSeqViolations;
  @Option(names = "--min-ticks-per-sec", defaultValue = "${env:LOADTEST_MIN_TICKS_PER_SEC:--1}", description = "Objective: received ticks/s at least this; -1 = none [LOADTEST_MIN_TICKS_PER_SEC].")
  public double minTicksPerSec;
  @Option(names = "--max-connect-failures", defaultValue = "${env:LOADTEST_MAX_CONNECT_FAILURES:-0}", description = "Objective: failed connection attempts at most this; -1 = none [LOADTEST_MAX_CONNECT_FAILURES].")
  public long maxConnectFailures;
  @Option(names = "--max-disconnects", defaultValue = "${env:LOADTEST_MAX_DISCONNECTS:--1}", description = "Objective: unexpected closes of reading connections at most this; -1 = none [LOADTEST_MAX_DISCONNECTS].")
  public long maxDisconnects;
}
