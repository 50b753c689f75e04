package io.ticker.jmh;

import io.ticker.model.Tick;
import io.ticker.model.TickEncoder;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;

/** Realistic pre-encoded ticks, as ingest makes them. */
final class Ticks {

  private Ticks() {
  }

  static TickEvent tick(int symbol, long seq) {
    String name = "SYM" + symbol;
    Tick tick = new Tick(name, seq, 1_700_000_000_000L + seq, "43250.12", "43250.10", "43250.14", "0.015",
        "42000.00", "44000.00", "41000.00", "1234.5678", "1250.12", "2.98");
    return new TickEvent(name, seq, tick.ts(), new TickEncoder().encode(tick), Trade.parse(tick.price(), tick.size()));
  }
}
