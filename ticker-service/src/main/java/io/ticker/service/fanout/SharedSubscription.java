package io.ticker.service.fanout;

import io.ticker.model.WireFrame;

/**
 * One interned {@link Subscription} of a shard ({@link SubscriptionRegistry}): how many connections
 * hold it, and the update frame last built for it, which the others holding it reuse when they are
 * at the same point. Connections with sets of their own (the usual case with per-user symbol lists)
 * never touch the memo, so they pay no lookup at all. Event-loop only, like its shard.
 *
 * <pre>
 * memo: frame (null = nothing to send; else one reference held, released when replaced or forgotten),
 *       ticks in it; valid for a connection whose since == memoSince, while the shard cache's head == memoHead
 * </pre>
 */
final class SharedSubscription {

  /** Held by connections subscribed to nothing, on every shard; never counted, so never memoized. */
  static final SharedSubscription NONE = new SharedSubscription(Subscription.NONE);

  final Subscription set;
  /** Connections holding it (counted by the registry). */
  int holders;
  private long memoHead = Long.MIN_VALUE; // no cache head is: nothing memoized yet
  private long memoSince;
  private WireFrame memoFrame;
  private int memoTicks;

  SharedSubscription(Subscription set) {
    this.set = set;
  }

  /** Whether a frame built for it could be reused by another connection. */
  boolean shared() {
    return holders > 1;
  }

  /** Whether the memo answers a connection at {@code since} while the cache is at {@code head}. */
  boolean memoFor(long head, long since) {
    return memoHead == head && memoSince == since;
  }

  WireFrame memoFrame() {
    return memoFrame;
  }

  int memoTicks() {
    return memoTicks;
  }

  /** Remembers {@code frame} (may be null), holding a reference of its own to it. */
  void memo(long head, long since, WireFrame frame, int ticks) {
    forget();
    memoHead = head;
    memoSince = since;
    memoFrame = frame == null ? null : frame.retain();
    memoTicks = ticks;
  }

  /** Drops the memo (and its reference): when replaced, or when the last holder leaves. */
  void forget() {
    if (memoFrame != null) {
      memoFrame.release();
      memoFrame = null;
    }
    memoHead = Long.MIN_VALUE;
  }
}
