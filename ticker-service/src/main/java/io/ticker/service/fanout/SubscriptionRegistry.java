package io.ticker.service.fanout;

import java.util.HashMap;
import java.util.Map;

/**
 * Interns {@link Subscription}s per shard (so equal sets share frames) and counts subscribers per
 * symbol (so the coalescing meter only counts ticks somebody could have received).
 */
final class SubscriptionRegistry {

  private final Map<Subscription, Interned> interned = new HashMap<>();
  private int[] subscribersOf = new int[64];
  private int allSubscribers;

  private static final class Interned {
    final Subscription subscription;
    int refs;

    Interned(Subscription subscription) {
      this.subscription = subscription;
    }
  }

  /** The shared instance equal to {@code wanted}, counted as used once more. */
  Subscription acquire(Subscription wanted) {
    if (wanted.isEmpty()) {
      return Subscription.NONE;
    }
    Interned entry = interned.computeIfAbsent(wanted, Interned::new);
    if (entry.refs++ == 0) {
      count(entry.subscription, +1);
    }
    return entry.subscription;
  }

  void release(Subscription held) {
    if (held.isEmpty()) {
      return;
    }
    Interned entry = interned.get(held);
    if (entry != null && --entry.refs == 0) {
      interned.remove(held);
      count(held, -1);
    }
  }

  boolean hasSubscribers(int id) {
    return allSubscribers > 0 || (id < subscribersOf.length && subscribersOf[id] > 0);
  }

  /** Per-symbol counts move by distinct set, not by connection: enough to know "anybody". */
  private void count(Subscription s, int delta) {
    if (s.all()) {
      allSubscribers += delta;
      return;
    }
    for (int id : s.ids()) {
      if (id >= subscribersOf.length) {
        subscribersOf = java.util.Arrays.copyOf(subscribersOf, Math.max(id + 1, subscribersOf.length * 2));
      }
      subscribersOf[id] += delta;
    }
  }
}
