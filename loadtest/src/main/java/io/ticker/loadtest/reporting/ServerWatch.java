package io.ticker.loadtest.reporting;

import static io.ticker.loadtest.connections.Causes.cause;
import static io.ticker.loadtest.connections.Causes.rootMessage;

import io.ticker.loadtest.connections.Http;
import io.ticker.loadtest.connections.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Every node's /metrics: read at the run's edges ({@link #readAll}, waiting for the answers, which
 * the report's deltas are taken between) and once a second through the whole run ({@link #poll},
 * without waiting), so that each second of the progress line has the service's side (its cores,
 * its tick age) beside the client's. With {@code --no-scrape-metrics} it reads nothing: every
 * reading is null.
 *
 * <p>The reads a second also keep the window's start honest. The load test's HTTP client runs
 * through the same Netty methods as its WebSocket lanes, with classes of its own. When the only
 * scrape before the window was the one before the ramp, the JIT had compiled those methods for the
 * lanes' classes alone, and the window's first scrape sent them back to the interpreter ("made not
 * entrant"): on a loaded core the load test then fell a second behind, and the window's first
 * seconds had a client tick age p99 of 400–1,000 ms in every run of scenario b, against about
 * 260 ms after.
 */
public final class ServerWatch {

  /** A second's read waits at most this long; a node that has not answered is asked again later. */
  private static final long POLL_TIMEOUT_MS = 900;

  private final Http http;
  private final List<Target> targets;
  private final boolean enabled;
  private final PrintStream out;
  private final AtomicReferenceArray<ServerMetrics> latest;
  private final AtomicBoolean[] asking;

  public ServerWatch(Http http, List<Target> targets, boolean enabled, PrintStream out) {
    this.http = http;
    this.targets = targets;
    this.enabled = enabled;
    this.out = out;
    this.latest = new AtomicReferenceArray<>(targets.size());
    this.asking = new AtomicBoolean[targets.size()];
    for (int i = 0; i < asking.length; i++) {
      asking[i] = new AtomicBoolean();
    }
  }

  /** Every node's metrics now, null for a node that does not answer (with a note saying why). */
  public List<ServerMetrics> readAll() {
    if (!enabled) {
      return Collections.nCopies(targets.size(), null);
    }
    List<ServerMetrics> list = new ArrayList<>();
    for (Target t : targets) {
      ServerMetrics m = null;
      try {
        m = ServerMetrics.parse(http.get(ServerMetrics.scrapeUrl(t.metricsUrl()), sameOrigin(t), 15_000).toString(), System.currentTimeMillis());
        latest.set(t.index(), m);
      } catch (Exception e) {
        Http.StatusException status = cause(e, Http.StatusException.class);
        out.println("note: no metrics from " + t.metricsUrl() + ": " + rootMessage(e)
            + (status != null && status.status == 404 ? " (metrics on a --management-port? give --metrics-url)" : ""));
      }
      list.add(m);
    }
    return list;
  }

  /** Asks every node that is not still answering the last question; {@link #latest} has the answers. */
  public void poll() {
    for (Target t : enabled ? targets : List.<Target>of()) {
      AtomicBoolean busy = asking[t.index()];
      if (busy.compareAndSet(false, true)) {
        http.fetch(ServerMetrics.scrapeUrl(t.metricsUrl()), sameOrigin(t), POLL_TIMEOUT_MS).onComplete(ar -> {
          if (ar.succeeded()) { // stamped when the answer came, as readAll's are
            latest.set(t.index(), ServerMetrics.parse(ar.result().toString(), System.currentTimeMillis()));
          }
          busy.set(false);
        });
      }
    }
  }

  /** The newest reading of node {@code index}, or null before its first. */
  public ServerMetrics latest(int index) {
    return latest.get(index);
  }

  public int nodes() {
    return targets.size();
  }

  /** The token goes only to the node's own public side, not to another address. */
  private static boolean sameOrigin(Target t) {
    return t.metricsUrl().startsWith(t.httpBase() + "/");
  }
}
