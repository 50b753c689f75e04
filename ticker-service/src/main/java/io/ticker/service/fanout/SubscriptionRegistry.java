package io.ticker.service.fanout;

import java.util.HashMap;
import java.util.Map;

/**
 * Interns {@link Subscription}s per shard as {@link SharedSubscription}s (so equal sets share frames) and counts subscribers per
 * symbol (so the coalescing meter only counts ticks somebody could have received).
 */
final class SubscriptionRegistry {

  private final Map<Subscription, SharedSubscription> interned = new HashMap<>();
  private int[] subscribersOf = new int[64];
  private int allSubscribers;

  /** The shared instance equal to {@code wanted}, counted as held once more. */
  SharedSubscription acquire(Subscription wanted) {
    if (wanted.isEmpty()) {
      return SharedSubscription.NONE;
    }
    SharedSubscription entry = interned.computeIfAbsent(wanted, SharedSubscription::new);
    if (entry.holders++ == 0) {
      count(entry.set, +1);
    }
    return entry;
  }

  void release(SharedSubscription held) {
    if (held.holders <= 0) { // NONE, or released already
      return;
    }
    if (--held.holders == 0) {
      interned.remove(held.set);
      held.forget();
      count(held.set, -1);
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
