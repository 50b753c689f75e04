package io.ticker.service.fanout;

import java.util.Arrays;
import java.util.BitSet;

/**
 * An immutable set of symbol ids a connection is subscribed to, or "all" ({@code *}, which also
 * covers symbols that appear later). An "all" of a restricted token is all that its
 * {@link GrantMask} permits, tested per symbol by one bit read. Equal sets are interned by
 * {@link SubscriptionRegistry} so connections with the same set (and, for "all", the same grants)
 * share one instance, and so share the frames built for it.
 */
public final class Subscription {

  public static final Subscription ALL = new Subscription(true, new int[0], null);
  public static final Subscription NONE = new Subscription(false, new int[0], null);

  private final boolean all;
  private final int[] ids;
  private final BitSet members;
  /** For "all": what the holder may see; null = everything. */
  private final GrantMask mask;
  private final int hash;

  private Subscription(boolean all, int[] sortedIds, GrantMask mask) {
    this.all = all;
    this.ids = sortedIds;
    this.mask = mask;
    this.members = new BitSet();
    for (int id : sortedIds) {
      members.set(id);
    }
    this.hash = all ? System.identityHashCode(mask) : Arrays.hashCode(sortedIds);
  }

  public static Subscription of(BitSet ids) {
    return ids.isEmpty() ? NONE : new Subscription(false, ids.stream().toArray(), null);
  }

  /** Every symbol {@code mask} permits, now and later ({@code null} = every symbol). */
  static Subscription allOf(GrantMask mask) {
    return mask == null ? ALL : new Subscription(true, new int[0], mask);
  }

  public boolean all() {
    return all;
  }

  public boolean isEmpty() {
    return !all && ids.length == 0;
  }

  public boolean contains(int id) {
    return all ? mask == null || mask.permits(id) : members.get(id);
  }

  /** The explicit ids, ascending; empty for {@link #ALL}. */
  public int[] ids() {
    return ids;
  }

  public int size() {
    return ids.length;
  }

  /** This set plus {@code added}. */
  public Subscription with(BitSet added) {
    if (all) {
      return this;
    }
    BitSet union = (BitSet) members.clone();
    union.or(added);
    return of(union);
  }

  /** This set minus {@code removed}; {@code universe} is how many ids exist, to expand {@link #ALL}. */
  public Subscription without(BitSet removed, int universe) {
    BitSet rest = (BitSet) members.clone();
    if (all) {
      for (int id = 0; id < universe; id++) {
        if (contains(id)) {
          rest.set(id);
        }
      }
    }
    rest.andNot(removed);
    return of(rest);
  }

  /** How many of the ids in {@code candidates} are not yet in this set. */
  public int countNew(BitSet candidates) {
    if (all) {
      return 0;
    }
    BitSet fresh = (BitSet) candidates.clone();
    fresh.andNot(members);
    return fresh.cardinality();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Subscription s && s.all == all && s.mask == mask && Arrays.equals(s.ids, ids);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
