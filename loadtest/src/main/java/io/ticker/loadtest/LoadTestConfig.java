package io.ticker.loadtest;

import io.ticker.loadtest.connections.FdLimit;
import io.ticker.loadtest.connections.JwtSettings;
import io.ticker.loadtest.connections.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Validated settings of one run; {@link #from} throws IllegalArgumentException with a one-line reason. */
public record LoadTestConfig(
    LoadTestOptions o,
    List<Target> targets,
    long durationMs,
    long warmupMs,
    int eventLoops,
    boolean allSymbols,
    List<String> sourceAddresses,
    JwtSettings jwt,
    String trustFile) {

  /** Sockets one loadtest process may hold besides the client connections (HTTP clients, jars, epoll…). */
  static final int FD_RESERVE = 200;
  /** Connections per (source address, destination) before ephemeral ports run out (~28k in the default range). */
  static final int PER_SOURCE_ADDRESS = 25_000;

  static LoadTestConfig from(LoadTestOptions o) {
    if (o.urls == null || o.urls.isEmpty()) {
      throw new IllegalArgumentException("at least one --url is needed");
    }
    List<Target> targets = new ArrayList<>();
    for (String u : o.urls) {
      if (!u.isBlank()) {
        targets.add(Target.parse(targets.size(), u));
      }
    }
    List<String> metricsUrls = o.metricsUrls == null ? List.of()
        : o.metricsUrls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
    if (!metricsUrls.isEmpty()) {
      check(metricsUrls.size() == targets.size(), "--metrics-url: give one per --url (" + targets.size() + "), in the same order; got "
          + metricsUrls.size());
      for (int i = 0; i < targets.size(); i++) {
        targets.set(i, targets.get(i).withMetricsUrl(metricsUrls.get(i)));
      }
    }
    check(o.connections >= 1, "--connections must be at least 1");
    check(o.symbolsPerConn >= 0, "--symbols-per-conn must be >= 0 (0 = all)");
    check(io.ticker.model.protocol.Limits.validInterval(o.intervalMs), "--interval-ms must be 50..10000");
    long durationMs = io.ticker.model.Durations.millis("--duration", o.duration);
    check(durationMs >= 100, "--duration must be at least 100ms");
    long warmupMs = io.ticker.model.Durations.millis("--warmup", o.warmup);
    check(warmupMs >= 0, "--warmup must not be negative");
    check(o.rampRate >= 1, "--ramp-rate must be at least 1");
    check(o.eventLoops >= 0 && o.eventLoops <= 64, "--event-loops must be 0..64");
    check(o.stalled >= 0, "--stalled must be >= 0");
    check(o.connectTimeoutMs >= 100, "--connect-timeout-ms must be at least 100");
    int loops = o.eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : o.eventLoops;
    long sockets = (long) o.connections + o.stalled;
    long fdLimit = FdLimit.maxOpenFiles();
    if (fdLimit > 0 && sockets + FD_RESERVE > fdLimit) {
      throw new IllegalArgumentException(String.format(
          "%d connections need about %d sockets but one process may open only %d files (ulimit -n): "
              + "run several loadtest processes with at most %d connections each",
          sockets, sockets + FD_RESERVE, fdLimit, fdLimit - FD_RESERVE));
    }
    List<String> sources = o.sourceAddresses == null ? List.of()
        : o.sourceAddresses.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    long perHost = (sockets + targets.size() - 1) / targets.size();
    if (sources.isEmpty() && perHost > PER_SOURCE_ADDRESS && targets.stream().allMatch(t -> t.host().startsWith("127."))) {
      List<String> auto = new ArrayList<>();
      for (int i = 1; i <= (perHost + PER_SOURCE_ADDRESS - 1) / PER_SOURCE_ADDRESS; i++) {
        auto.add("127.0.0." + i);
      }
      sources = auto;
    }
    for (String f : new String[] {o.out, o.html}) {
      if (f != null && !f.isBlank()) {
        Path parent = Path.of(f).toAbsolutePath().getParent();
        check(parent == null || Files.isDirectory(parent), "no such directory for report file " + f);
      }
    }
    JwtSettings jwt = JwtSettings.from(o);
    String trust = trustFile(o, targets);
    return new LoadTestConfig(o, List.copyOf(targets), durationMs, warmupMs, loops, o.all || o.symbolsPerConn == 0, sources, jwt, trust);
  }

  /** The validated --trust-file: a readable PEM with at least one certificate, and some wss:// or https:// to use it on. */
  private static String trustFile(LoadTestOptions o, List<Target> targets) {
    if (o.trustFile == null || o.trustFile.isBlank()) {
      return null;
    }
    Path file = Path.of(o.trustFile.trim());
    String pem;
    try {
      pem = Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII);
    } catch (java.io.IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read --trust-file " + file + ": " + ioReason(e));
    }
    check(pem.contains("-----BEGIN CERTIFICATE-----"), "--trust-file " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    check(targets.stream().anyMatch(t -> t.secure() || t.metricsUrl().startsWith("https:")),
        "--trust-file is for wss:// URLs (or an https:// --metrics-url); every URL here is plain");
    return file.toString();
  }

  /** Why a file could not be read, in a few words. */
  public static String ioReason(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.charset.CharacterCodingException) {
      return "not text";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void check(boolean ok, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(reason);
    }
  }
}
