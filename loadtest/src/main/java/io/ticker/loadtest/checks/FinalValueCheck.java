package io.ticker.loadtest.checks;

import static io.ticker.loadtest.connections.Causes.rootMessage;

import io.ticker.loadtest.LoadTestConfig;
import io.ticker.loadtest.connections.ClientConnection;
import io.ticker.loadtest.connections.Http;
import io.ticker.loadtest.connections.Lane;
import io.ticker.loadtest.connections.SymbolTable;
import io.ticker.loadtest.connections.Target;
import io.ticker.loadtest.measurement.Results;
import io.ticker.loadtest.measurement.Sampler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The run's last check, after the window: each node's {@code /api/snapshot} against the last value
 * of every symbol each of its connections received ({@link FinalCheck}, one per lane, each on its
 * lane's event loop, then added up). A node that cannot be read (killed mid-run) has no snapshot,
 * and its connections count as not open; the check runs if any node answers.
 */
public final class FinalValueCheck {

  /** How long after the node snapshot the check waits at most for clients to reach its values. */
  public static final long SETTLE_MS = 5_000;

  private final LoadTestConfig config;
  private final Http http;
  private final SymbolTable symbols;
  private final PrintStream out;

  public FinalValueCheck(LoadTestConfig config, Http http, SymbolTable symbols, PrintStream out) {
    this.config = config;
    this.http = http;
    this.symbols = symbols;
    this.out = out;
  }

  /**
   * Checks every connection of {@code lanes} against its node's snapshot, into {@code r};
   * {@code sampler} takes the second the check waits in.
   */
  public void run(List<Lane> lanes, Results r, Sampler sampler) throws Exception {
    if (config.o().drainOnly || config.o().idle) {
      r.checkError = config.o().idle ? "skipped: --idle subscribes to nothing" : "skipped: --drain-only reads no values";
      return;
    }
    // a node that is gone (killed mid-run) has no snapshot: its clients should have moved to the others
    List<SnapshotView> snaps = new ArrayList<>();
    String problem = null;
    for (Target t : config.targets()) {
      try {
        snaps.add(new SnapshotView(symbols, http.get(t, "/api/snapshot", 10_000).getBytes()));
      } catch (Exception e) {
        snaps.add(null);
        problem = "cannot read " + t.httpBase() + "/api/snapshot: " + rootMessage(e);
        out.println("note: " + problem + " (its connections count as not open)");
      }
    }
    if (snaps.stream().allMatch(Objects::isNull)) {
      r.checkError = problem;
      return;
    }
    long snapshotAt = System.nanoTime();
    long waitMs = 2L * config.o().intervalMs + 500;
    Thread.sleep(waitMs);
    sampler.sample(false);
    // A client that was behind at the end (frames skipped while its socket was full) gets the
    // latest values at its next flush once it reads again, which on a loaded machine can take
    // longer than two intervals: stale values are looked at again until none is left, or until
    // SETTLE_MS after the snapshot. A value that never arrives is still a mismatch.
    FinalCheck check = checkLanes(lanes, snaps);
    while (check.stale > 0 && System.nanoTime() - snapshotAt < TimeUnit.MILLISECONDS.toNanos(SETTLE_MS)) {
      Thread.sleep(100);
      check = checkLanes(lanes, snaps);
    }
    r.check = check;
    r.checkSettledMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - snapshotAt);
    r.checkRan = true;
  }

  private FinalCheck checkLanes(List<Lane> lanes, List<SnapshotView> snaps) throws Exception {
    List<FinalCheck> perLane = new ArrayList<>();
    Lane.onEach(lanes, lane -> {
      FinalCheck fc = new FinalCheck();
      for (ClientConnection c : lane.connections) {
        fc.check(c, snaps.get(c.target().index()), symbols);
      }
      synchronized (perLane) {
        perLane.add(fc);
      }
    });
    FinalCheck all = new FinalCheck();
    perLane.forEach(all::add);
    return all;
  }
}
