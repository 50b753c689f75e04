package io.ticker.service.fanout;

import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import java.util.HashMap;
import java.util.Map;

/**
 * What one connection has been sent of the ticks: the one owner of its delivery state. Its
 * snapshots ({@link Snapshots}) and its flushes ({@link IntervalGroup}) tell it what they sent and
 * ask it what is owed; nothing else reads or writes this state.
 *
 * <ul>
 *   <li>{@code since}: the cache version up to which every change of its symbols was sent.</li>
 *   <li>{@code sentInSnapshot}: symbols a later snapshot carried (or a resuming client already
 *       had), with that seq: the next update must not repeat them at or below it.</li>
 *   <li>{@code clientAhead}: a resuming client's symbols where it holds a higher seq than this
 *       node (it came from a node a few ticks ahead): their updates wait until this node passes
 *       that seq, for at most {@link #RESUME_HOLD_MS}. Still ahead after that, the seq history
 *       itself restarted (the feed and the nodes with it): the current tick is sent.</li>
 *   <li>{@code lastFrameNanos}: when it was last sent a data frame; never two within its interval.</li>
 * </ul>
 */
final class Delivery {

  static final long RESUME_HOLD_MS = 5000;

  private long since;
  private Map<Integer, Long> sentInSnapshot;
  private Map<Integer, Long> clientAhead;
  private long clientAheadUntilMs;
  private long lastFrameNanos = System.nanoTime() - 3_600_000_000_000L;

  long since() {
    return since;
  }

  /** When (System.nanoTime) it was last sent a data frame. */
  long lastFrameNanos() {
    return lastFrameNanos;
  }

  /** Sent nothing but what everyone subscribed alike since {@link #since}: its frame can be shared. */
  boolean plain() {
    return sentInSnapshot == null && clientAhead == null;
  }

  /** A resume hold that ran out: the held symbols are sent at their current tick. */
  boolean holdOver(long nowMs) {
    return clientAhead != null && nowMs >= clientAheadUntilMs;
  }

  /** Whether a flush owes it a frame: something changed since {@link #since}, or a hold ran out. */
  boolean owed(long head, long nowMs) {
    return since < head || holdOver(nowMs);
  }

  /** Whether its interval has passed since its last data frame: never two frames within one. */
  boolean intervalPassed(long nowNanos, long intervalNanos) {
    return nowNanos - lastFrameNanos >= intervalNanos;
  }

  Map<Integer, Long> sentInSnapshot() {
    return sentInSnapshot;
  }

  Map<Integer, Long> clientAhead() {
    return clientAhead;
  }

  /** A first snapshot carried (or found current on the client) everything up to cache version {@code head}. */
  void snapshotCoversAll(long head) {
    since = head;
    sentInSnapshot = null;
  }

  /** A later snapshot carried these symbols at these seqs (the map is kept and added to until the next flush). */
  Map<Integer, Long> sentInSnapshotOrNew() {
    return sentInSnapshot != null ? sentInSnapshot : new HashMap<>();
  }

  void snapshotCarried(Map<Integer, Long> sent) {
    if (!sent.isEmpty()) {
      sentInSnapshot = sent;
    }
  }

  /** A resuming client holds {@code seq} of {@code symbolId}, ahead of this node: hold its updates. */
  void clientAhead(int symbolId, long seq, long nowMs) {
    if (clientAhead == null) {
      clientAhead = new HashMap<>();
    }
    clientAhead.put(symbolId, seq);
    clientAheadUntilMs = nowMs + RESUME_HOLD_MS;
  }

  /**
   * A flush brought it up to cache version {@code head}. {@code framed}: it was sent a frame at
   * {@code nowNanos}. A hold that ran out ends; otherwise only the symbols the cache has not
   * reached stay held.
   */
  void flushed(long head, boolean holdOver, LastValueCache cache, boolean framed, long nowNanos) {
    since = head;
    sentInSnapshot = null;
    if (holdOver) {
      clientAhead = null;
    } else if (clientAhead != null) {
      clientAhead.entrySet().removeIf(e -> {
        TickEvent tick = cache.latest(e.getKey());
        return tick == null || tick.seq() >= e.getValue();
      });
      clientAhead = clientAhead.isEmpty() ? null : clientAhead;
    }
    if (framed) {
      lastFrameNanos = nowNanos;
    }
  }
}
