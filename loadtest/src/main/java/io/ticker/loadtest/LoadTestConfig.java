package io.ticker.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Validated settings of one run; {@link #from} throws IllegalArgumentException with a one-line reason. */
record LoadTestConfig(
    LoadTestOptions o,
    List<Target> targets,
    long durationMs,
    int eventLoops,
    boolean allSymbols,
    List<String> sourceAddresses) {

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
    check(o.connections >= 1, "--connections must be at least 1");
    check(o.symbolsPerConn >= 0, "--symbols-per-conn must be >= 0 (0 = all)");
    check(io.ticker.model.protocol.Limits.validInterval(o.intervalMs), "--interval-ms must be 50..10000");
    long durationMs = DurationParser.millis(o.duration);
    check(durationMs >= 100, "--duration must be at least 100ms");
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
    return new LoadTestConfig(o, List.copyOf(targets), durationMs, loops, o.all || o.symbolsPerConn == 0, sources);
  }

  private static void check(boolean ok, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(reason);
    }
  }
}
