package io.ticker.loadtest.checks;

import java.util.Arrays;

/**
 * What one connection last received per subscribed symbol (by slot): seq and content hash, and the
 * seq check every received tick goes through. Seq must never go backwards for a symbol on a
 * connection (docs/protocol.md), and the same seq twice must be the same tick. Written only from
 * the connection's event loop; read by {@link FinalCheck} on that loop too.
 */
public final class LastSeen {

  private final long[] seq;
  private final long[] hash;

  public LastSeen(int slots) {
    seq = new long[slots];
    hash = new long[slots];
    reset();
  }

  /** A new session (a reconnect): every symbol starts again from its snapshot. */
  public void reset() {
    Arrays.fill(seq, -1);
  }

  /**
   * Takes the tick {@code (s, h)} for {@code slot}; false (and nothing kept) when it is a seq
   * violation: a lower seq than already seen, or the same seq with different content.
   */
  public boolean accept(int slot, long s, long h) {
    long prev = seq[slot];
    if (s < prev || (s == prev && h != hash[slot])) {
      return false;
    }
    seq[slot] = s;
    hash[slot] = h;
    return true;
  }

  /** Whether seq {@code s} is the one already held for {@code slot}: a resumed snapshot must not repeat it. */
  public boolean holds(int slot, long s) {
    return seq[slot] == s;
  }

  /** The last seq seen per slot (-1 = none yet): a resuming subscribe's {@code since}. */
  public long[] seqs() {
    return seq.clone();
  }

  long seq(int slot) {
    return seq[slot];
  }

  long hash(int slot) {
    return hash[slot];
  }
}
