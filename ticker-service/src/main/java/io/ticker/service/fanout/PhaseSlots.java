package io.ticker.service.fanout;

import java.util.Arrays;

/**
 * The connections of one {@link IntervalGroup}, spread over the phase slots of its interval: slot
 * {@code k} of {@code count} is flushed at {@code k/count} of every interval, so a group's
 * connections are written a slice at a time, evenly through the interval, rather than all at one
 * instant. A connection keeps its slot while it stays in the group, so its frames keep one cadence.
 *
 * <pre>
 * interval:  |slot 0|slot 1|slot 2| … |slot count-1|slot 0|…
 * members[k]: ClientSession[sizes[k]], each with phase = k and slot = its index (swap-remove)
 * </pre>
 *
 * New connections go to the least-filled slot, so slices stay even under churn; one that moved in
 * from another group goes where its group puts it ({@link IntervalGroup#add}).
 */
final class PhaseSlots {

  private final ClientSession[][] members;
  private final int[] sizes;
  private int total;

  PhaseSlots(int count) {
    members = new ClientSession[count][4];
    sizes = new int[count];
  }

  int count() {
    return sizes.length;
  }

  int total() {
    return total;
  }

  int size(int phase) {
    return sizes[phase];
  }

  ClientSession get(int phase, int index) {
    return members[phase][index];
  }

  /** The slot with the fewest connections (the first of them). */
  int leastFilled() {
    int phase = 0;
    for (int k = 1; k < sizes.length; k++) {
      if (sizes[k] < sizes[phase]) {
        phase = k;
      }
    }
    return phase;
  }

  void add(ClientSession session, int phase) {
    if (sizes[phase] == members[phase].length) {
      members[phase] = Arrays.copyOf(members[phase], sizes[phase] * 2);
    }
    session.phase = phase;
    session.slot = sizes[phase];
    members[phase][sizes[phase]++] = session;
    total++;
  }

  /** Swap-remove: the last of its slot takes its place. */
  void remove(ClientSession session) {
    int phase = session.phase;
    ClientSession[] slot = members[phase];
    ClientSession last = slot[--sizes[phase]];
    slot[session.slot] = last;
    last.slot = session.slot;
    slot[sizes[phase]] = null;
    session.phase = -1;
    session.slot = -1;
    total--;
  }
}
