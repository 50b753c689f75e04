package io.ticker.service.candles;

import static io.ticker.model.protocol.CandleJson.RECORD;

import io.ticker.model.protocol.Timeframe;
import io.ticker.service.bus.Trade;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.StampedLock;

/**
 * One symbol's candles in every timeframe. One writer (the node's relay, on its event loop) applies
 * each tick once; readers on any thread (shards' flushes, HTTP) copy candles out with an optimistic
 * read of a {@link StampedLock}: they never block the writer, and retry in the rare case that a
 * tick landed while they copied. The writer's lock is never contended by readers, so it costs an
 * uncontended CAS pair per tick.
 *
 * <p>Rules: a tick is counted once ({@code seq} above the last one applied; replays and duplicates
 * across a failover are skipped), and a tick never lands in a candle older than the newest one: its
 * time is the latest {@code ts} seen so far for the symbol. A candle sent as closed thus never
 * changes again, and a late tick (out-of-order {@code ts}) counts in the candle that is forming.
 */
public final class SymbolCandles {

  /** Once, not a fresh {@code values()} array per tick. */
  private static final Timeframe[] TIMEFRAMES = Timeframe.values();

  private final StampedLock lock = new StampedLock();
  private final CandleRing[] rings;
  private long appliedSeq = Long.MIN_VALUE;
  private long latestTs = Long.MIN_VALUE;
  private int priceScale;
  private int sizeScale;

  SymbolCandles(CandleDepths depths) {
    rings = new CandleRing[TIMEFRAMES.length];
    for (Timeframe tf : TIMEFRAMES) {
      rings[tf.ordinal()] = new CandleRing(depths.of(tf));
    }
  }

  /** Applies one tick; false when it was already counted (or carries no usable trade). */
  boolean accept(long seq, long ts, Trade trade) {
    if (seq <= appliedSeq) {
      return false;
    }
    appliedSeq = seq;
    if (trade == null) {
      return false;
    }
    long stamp = lock.writeLock();
    try {
      latestTs = Math.max(latestTs, ts);
      priceScale = Math.max(priceScale, trade.priceScale());
      sizeScale = Math.max(sizeScale, trade.sizeScale());
      for (Timeframe tf : TIMEFRAMES) {
        rings[tf.ordinal()].apply(tf.openOf(latestTs), trade.price(), trade.size());
      }
    } finally {
      lock.unlockWrite(stamp);
    }
    return true;
  }

  /**
   * Copies the newest candles of {@code tf} that open at or after {@code fromT}, at most
   * {@code limit}, oldest first, into {@code out}; safe from any thread.
   */
  public void read(Timeframe tf, long fromT, int limit, CandleCopy out) {
    out.ensure(limit);
    CandleRing ring = rings[tf.ordinal()];
    for (int attempt = 0; ; attempt++) {
      long stamp = lock.tryOptimisticRead();
      if (stamp != 0) {
        int count = ring.copyNewest(fromT, limit, out.records);
        int prices = priceScale;
        int sizes = sizeScale;
        if (lock.validate(stamp)) {
          out.set(count, prices, sizes);
          return;
        }
      }
      backOff(attempt);
    }
  }

  /** The writer holds the lock for a few hundred nanoseconds, unless its thread was preempted. */
  private static void backOff(int attempt) {
    if (attempt < 64) {
      Thread.onSpinWait();
    } else {
      Thread.yield();
    }
  }

  long bytes() {
    long bytes = 0;
    for (CandleRing ring : rings) {
      bytes += ring.bytes();
    }
    return bytes;
  }

  /**
   * Everything, for a node that joins: {@code long appliedSeq, long latestTs, byte priceScale,
   * byte sizeScale}, then per timeframe {@code int count} and that many records.
   */
  void writeTo(Buffer out) {
    CandleCopy[] copies = new CandleCopy[rings.length];
    for (int i = 0; i < rings.length; i++) {
      copies[i] = new CandleCopy();
    }
    for (int attempt = 0; ; attempt++) {
      long stamp = lock.tryOptimisticRead();
      long seq = appliedSeq;
      long ts = latestTs;
      for (int i = 0; i < rings.length; i++) {
        int depth = rings[i].count();
        copies[i].ensure(depth);
        copies[i].set(rings[i].copyNewest(Long.MIN_VALUE, depth, copies[i].records), priceScale, sizeScale);
      }
      if (stamp != 0 && lock.validate(stamp)) {
        out.appendLong(seq).appendLong(ts).appendByte((byte) copies[0].priceScale()).appendByte((byte) copies[0].sizeScale());
        for (CandleCopy copy : copies) {
          ByteBuffer records = ByteBuffer.allocate(copy.count() * RECORD * Long.BYTES); // big-endian, as Buffer's longs
          records.asLongBuffer().put(copy.records, 0, copy.count() * RECORD);
          out.appendInt(copy.count()).appendBytes(records.array());
        }
        return;
      }
      backOff(attempt);
    }
  }

  /** Replaces this symbol's state with {@link #writeTo}'s; returns the position after it. Writer only. */
  int readFrom(Buffer in, int pos) {
    long stamp = lock.writeLock();
    try {
      appliedSeq = in.getLong(pos);
      latestTs = in.getLong(pos + 8);
      priceScale = in.getByte(pos + 16);
      sizeScale = in.getByte(pos + 17);
      pos += 18;
      for (CandleRing ring : rings) {
        int count = in.getInt(pos);
        pos += 4;
        long[] records = new long[count * RECORD];
        ByteBuffer.wrap(in.getBytes(pos, pos + records.length * Long.BYTES)).asLongBuffer().get(records);
        pos += records.length * Long.BYTES;
        ring.load(records, count);
      }
      return pos;
    } finally {
      lock.unlockWrite(stamp);
    }
  }
}
