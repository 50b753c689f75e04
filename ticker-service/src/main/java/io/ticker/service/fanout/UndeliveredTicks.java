package io.ticker.service.fanout;

import java.util.Arrays;

/**
 * Which symbols' latest tick no frame has carried yet, one bit per symbol id: a newer tick for a
 * marked symbol coalesces one away. Every tick a frame carries clears its bit, hundreds of
 * thousands of times a second, so this is a plain bitmap: {@link java.util.BitSet} rescans its top
 * words on every clear, and a bit already clear is only read, never written. Event-loop confined,
 * like its shard.
 *
 * <pre>
 * words[id >>> 6], bit (id &amp; 63): 1 = the latest tick of symbol id is in no frame yet
 * </pre>
 */
final class UndeliveredTicks {

  private long[] words = new long[16];

  /** A tick of {@code id} arrived; returns whether its previous latest tick was still undelivered. */
  boolean arrived(int id) {
    int word = id >>> 6;
    if (word >= words.length) {
      words = Arrays.copyOf(words, Math.max(word + 1, words.length * 2));
    }
    long bit = 1L << id;
    boolean coalesced = (words[word] & bit) != 0;
    words[word] |= bit;
    return coalesced;
  }

  /** A frame carries the latest tick of {@code id}. */
  void delivered(int id) {
    int word = id >>> 6;
    long bit = 1L << id;
    if (word < words.length && (words[word] & bit) != 0) {
      words[word] &= ~bit;
    }
  }
}
