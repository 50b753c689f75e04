package io.ticker.service.candles;

import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.ticker.model.protocol.Timeframe;

/** Candles recomputed the obvious way from the ticks a feed sent, to hold the service's candles against. */
public final class CandleReference {

  private CandleReference() {
  }

  /** One tick as the feed sent it. */
  public record FeedTick(String symbol, long seq, long ts, String price, String size) {
    public TickEvent event() {
      return new TickEvent(symbol, seq, ts, new byte[0], Trade.parse(price, size));
    }
  }

  /** A candle recomputed the obvious way: BigDecimal, one pass, the book's time rule. */
  public static final class Expected {
    final long t;
    BigDecimal o;
    BigDecimal h;
    BigDecimal l;
    BigDecimal c;
    BigDecimal v;
    long n;

    Expected(long t) {
      this.t = t;
    }
  }

  /**
   * Candles of one symbol and timeframe from its ticks in feed order: each tick counts once (by
   * seq), at the latest ts seen so far; the newest {@code depth} are kept.
   */
  public static List<Expected> recompute(List<FeedTick> ticks, Timeframe tf, int depth) {
    Map<Long, Expected> byOpen = new LinkedHashMap<>();
    long latestTs = Long.MIN_VALUE;
    long lastSeq = Long.MIN_VALUE;
    for (FeedTick tick : ticks) {
      if (tick.seq() <= lastSeq) {
        continue;
      }
      lastSeq = tick.seq();
      latestTs = Math.max(latestTs, tick.ts());
      Expected e = byOpen.computeIfAbsent(latestTs - Math.floorMod(latestTs, tf.millis()), Expected::new);
      BigDecimal price = new BigDecimal(tick.price());
      BigDecimal size = new BigDecimal(tick.size());
      if (e.n == 0) {
        e.o = price;
        e.h = price;
        e.l = price;
        e.v = BigDecimal.ZERO;
      }
      e.h = e.h.max(price);
      e.l = e.l.min(price);
      e.c = price;
      e.v = e.v.add(size);
      e.n++;
    }
    List<Expected> all = new ArrayList<>(byOpen.values());
    return all.subList(Math.max(0, all.size() - depth), all.size());
  }

  /** The CANDLE object the service should send for {@code e}: the feed's decimal strings, summed exactly. */
  public static JsonObject json(Expected e) {
    return new JsonObject().put("t", e.t).put("o", e.o.toPlainString()).put("h", e.h.toPlainString())
        .put("l", e.l.toPlainString()).put("c", e.c.toPlainString()).put("v", e.v.toPlainString()).put("n", e.n);
  }
}
