package io.ticker.service.candles;

import static io.ticker.model.protocol.CandleJson.C;
import static io.ticker.model.protocol.CandleJson.H;
import static io.ticker.model.protocol.CandleJson.L;
import static io.ticker.model.protocol.CandleJson.N;
import static io.ticker.model.protocol.CandleJson.O;
import static io.ticker.model.protocol.CandleJson.RECORD;
import static io.ticker.model.protocol.CandleJson.T;
import static io.ticker.model.protocol.CandleJson.V;

/**
 * The newest {@code depth} candles of one symbol in one timeframe, in one {@code long[]} used as a
 * ring of 7-long records (layout in {@link io.ticker.model.protocol.CandleJson}): no object per
 * candle. It starts small and doubles up to {@code depth}, so a quiet symbol costs little; once
 * full, a new candle overwrites the oldest.
 * <pre>
 *   data: [ rec | rec | ... | rec ]    capacity = data.length / 7 records
 *              ^oldest        ^newest  (wrapping; count records in use)
 * </pre>
 * Candles are sparse: a period without ticks has no candle. Single writer; readers on other
 * threads go through {@link SymbolCandles}' optimistic read, so every read here must stay in
 * bounds even on values it will then throw away.
 */
final class CandleRing {

  private static final int INITIAL_CAPACITY = 4;

  private final int depth;
  private long[] data;
  private int newest = -1;
  private int count;

  CandleRing(int depth) {
    this.depth = depth;
    this.data = new long[Math.min(depth, INITIAL_CAPACITY) * RECORD];
  }

  int count() {
    return count;
  }

  long bytes() {
    return (long) data.length * Long.BYTES;
  }

  /**
   * Adds a trade to the candle that opens at {@code t}: the newest one, or a new one after it
   * ({@code t} never precedes the newest candle's open; {@link SymbolCandles} sees to that).
   */
  void apply(long t, long price, long size) {
    if (count > 0) {
      int at = newest * RECORD;
      if (data[at + T] == t) {
        data[at + H] = Math.max(data[at + H], price);
        data[at + L] = Math.min(data[at + L], price);
        data[at + C] = price;
        data[at + V] += size;
        data[at + N]++;
        return;
      }
    }
    int at = nextSlot() * RECORD;
    data[at + T] = t;
    data[at + O] = price;
    data[at + H] = price;
    data[at + L] = price;
    data[at + C] = price;
    data[at + V] = size;
    data[at + N] = 1;
  }

  /** Claims the slot after the newest: grows while below depth, else takes the oldest's. */
  private int nextSlot() {
    int capacity = data.length / RECORD;
    if (count == capacity && capacity < depth) {
      long[] grown = new long[Math.min(depth, capacity * 2) * RECORD];
      copyOldestFirst(data, newest, count, grown);
      data = grown;
      newest = count - 1;
      capacity = grown.length / RECORD;
    }
    newest = (newest + 1) % capacity;
    if (count < capacity) {
      count++;
    }
    return newest;
  }

  /**
   * Copies the newest candles that open at or after {@code fromT}, at most {@code limit}, oldest
   * first, into {@code dest} (room for {@code limit} records); returns how many.
   */
  int copyNewest(long fromT, int limit, long[] dest) {
    long[] d = data; // one read of each field: the writer may move on meanwhile
    int last = newest;
    int capacity = d.length / RECORD;
    int n = Math.min(Math.min(limit, count), capacity);
    int k = 0;
    while (k < n && d[Math.floorMod(last - k, capacity) * RECORD + T] >= fromT) {
      k++;
    }
    copyOldestFirst(d, last, k, dest);
    return k;
  }

  /** The {@code records} newest records of ring {@code d} (newest at slot {@code last}) into {@code dest}, oldest first. */
  private static void copyOldestFirst(long[] d, int last, int records, long[] dest) {
    int capacity = d.length / RECORD;
    int first = Math.floorMod(last - records + 1, capacity);
    int tail = Math.min(records, capacity - first); // records before the wrap
    System.arraycopy(d, first * RECORD, dest, 0, tail * RECORD);
    System.arraycopy(d, 0, dest, tail * RECORD, (records - tail) * RECORD);
  }

  /** Replaces the contents with {@code records} candles from {@code src}, oldest first (the newest {@code depth} kept). */
  void load(long[] src, int records) {
    int keep = Math.min(records, depth);
    int capacity = Math.max(Math.min(depth, INITIAL_CAPACITY), Integer.highestOneBit(Math.max(1, keep - 1)) << 1);
    long[] fresh = new long[Math.min(depth, capacity) * RECORD];
    System.arraycopy(src, (records - keep) * RECORD, fresh, 0, keep * RECORD);
    data = fresh;
    count = keep;
    newest = keep - 1;
  }
}
