package io.ticker.service.cache;

import io.ticker.service.bus.TickEvent;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * The latest tick of every symbol, plus a change log that answers "which symbols changed since
 * version v" in time proportional to the answer, not to the universe or the subscribers.
 *
 * <p>Every accepted tick bumps the cache {@link #head() version} and is stamped with it. The change
 * log is a ring of symbol ids in version order (LMAX-style: preallocated, power-of-two, no
 * allocation per tick). A reader that asks for changes since v walks the ring from v when fewer
 * than {@code size()} ticks happened since, and otherwise scans the per-symbol versions, so the ring
 * only needs to hold about one universe's worth of entries. Single-threaded: one per fan-out shard.
 *
 * <p>Per symbol id, in arrays indexed by it: the latest tick, its version, and (copied out of the
 * tick, for the flushes that build frames from thousands of them a second) its event time and its
 * JSON bytes, so a frame reaches a tick's bytes without a load through the tick or its array.
 * <pre>
 * latest[id]    TickEvent   the tick, for what needs more than its bytes (seq, trade)
 * versionOf[id] long        cache version that last changed it (0: never ticked)
 * tsOf[id]      long        latest[id].ts()
 * json          slot id     latest[id].json(), copied ({@link TickJsonSlab})
 * </pre>
 */
public final class LastValueCache {

  private final SymbolDirectory directory;
  private TickEvent[] latest = new TickEvent[64];
  private long[] versionOf = new long[64];
  private long[] tsOf = new long[64];
  private final TickJsonSlab json = new TickJsonSlab();
  private int[] ring = new int[128];
  private long head;
  /** Versions at or below this are not in the ring (it was regrown); readers must scan. */
  private long ringValidAfter;

  public LastValueCache(SymbolDirectory directory) {
    this.directory = directory;
  }

  /** The version of the newest accepted tick; 0 when empty. */
  public long head() {
    return head;
  }

  /**
   * Accepts a tick when it is newer (higher seq) than the cached one: ticks may arrive twice or
   * out of order (a sync reply racing live batches, a cluster failover), and seq must never go
   * backwards for a subscriber. Returns the symbol id, or -1 when the tick was stale.
   */
  public int accept(TickEvent tick) {
    int id = directory.idOf(tick.symbol());
    ensureCapacity(id + 1);
    TickEvent current = latest[id];
    if (!tick.supersedes(current)) {
      return -1;
    }
    latest[id] = tick;
    tsOf[id] = tick.ts();
    json.put(id, tick.json());
    long version = ++head;
    versionOf[id] = version;
    ring[(int) (version & (ring.length - 1))] = id;
    return id;
  }

  public TickEvent latest(int id) {
    return id < latest.length ? latest[id] : null;
  }

  /** Every symbol's latest tick JSON, for the frames that copy it (read only). */
  public TickJsonSlab json() {
    return json;
  }

  /** The latest tick's event time, for a symbol that has ticked. */
  public long tsOf(int id) {
    return tsOf[id];
  }

  public long versionOf(int id) {
    return id < versionOf.length ? versionOf[id] : 0;
  }

  /** Calls {@code sink} once for every symbol whose latest tick is newer than {@code since}. */
  public void forEachChangedSince(long since, IntConsumer sink) {
    long count = head - since;
    if (count <= 0) {
      return;
    }
    if (since >= ringValidAfter && count <= ring.length && count < directory.size()) {
      int mask = ring.length - 1;
      for (long v = since + 1; v <= head; v++) {
        int id = ring[(int) (v & mask)];
        if (versionOf[id] == v) { // skip entries superseded later in the window
          sink.accept(id);
        }
      }
    } else {
      // Symbols the directory knows but that never ticked here may lie beyond the arrays.
      int n = Math.min(directory.size(), versionOf.length);
      for (int id = 0; id < n; id++) {
        if (versionOf[id] > since) {
          sink.accept(id);
        }
      }
    }
  }

  private void ensureCapacity(int symbols) {
    if (symbols > latest.length) {
      int size = Math.max(symbols, latest.length * 2);
      latest = Arrays.copyOf(latest, size);
      versionOf = Arrays.copyOf(versionOf, size);
      tsOf = Arrays.copyOf(tsOf, size);
    }
    if (symbols > ring.length) {
      ring = new int[Integer.highestOneBit(symbols - 1) << 2];
      ringValidAfter = head;
    }
  }
}
