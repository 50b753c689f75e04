package io.ticker.service.fanout;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The connections of an {@link IntervalGroup} owed a frame whose interval had not quite passed at
 * their slot, until it has, and when the first of them is due.
 *
 * <pre>
 * pending[0..count):  added since the last drain; firstDueNanos = the earliest of their due times
 * draining:           the array handed out by the last drain, emptied as it is walked, then reused
 * </pre>
 *
 * Two arrays swap at each drain, so a retry that is still early adds its connection to the list
 * being built, not to the one being walked, and nothing is allocated once both are big enough.
 * {@link ClientSession#deferred} says whether a connection is on the list.
 */
final class RetryList {

  private ClientSession[] pending = new ClientSession[16];
  private int count;
  private ClientSession[] draining = new ClientSession[16];
  private long firstDueNanos;

  boolean isEmpty() {
    return count == 0;
  }

  /** The earliest due time of the connections on the list (meaningless when it is empty). */
  long firstDueNanos() {
    return firstDueNanos;
  }

  void add(ClientSession session, long dueNanos) {
    if (count == pending.length) {
      pending = Arrays.copyOf(pending, count * 2);
    }
    if (count == 0 || dueNanos - firstDueNanos < 0) {
      firstDueNanos = dueNanos;
    }
    session.deferred = true;
    pending[count++] = session;
  }

  /** Empties the list, then hands each connection that was on it to {@code retry}, which may add it again. */
  void drain(Consumer<ClientSession> retry) {
    ClientSession[] list = pending;
    int n = count;
    pending = draining.length >= list.length ? draining : new ClientSession[list.length];
    count = 0;
    draining = list;
    for (int i = 0; i < n; i++) {
      ClientSession session = list[i];
      list[i] = null;
      session.deferred = false;
      retry.accept(session);
    }
  }
}
