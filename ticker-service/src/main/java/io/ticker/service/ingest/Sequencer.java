package io.ticker.service.ingest;

import io.ticker.model.Tick;
import io.ticker.model.TickEncoder;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Gives every feed tick the seq clients will see and encodes its client JSON, once.
 *
 * <p>Clients are promised that seq never goes backwards, but an upstream feed can restart and count
 * from 1 again, and a reconnect replays the latest tick of every symbol. So: a tick repeating the
 * last upstream seq is a replay and is dropped; any other tick gets {@code max(upstream seq, last
 * published seq + 1)}, which is the upstream seq while the feed is healthy and keeps counting up
 * across a feed restart.
 */
final class Sequencer {

  private static final class Last {
    long upstreamSeq;
    TickEvent published;
    /** Taken over from another node, whose upstream seq for it may have been renumbered: not known for sure. */
    boolean seeded;
  }

  private final Map<String, Last> bySymbol = new HashMap<>();
  private final TickEncoder json = new TickEncoder();

  /** The tick to publish, or null when it is a replay of the last one. */
  TickEvent sequence(Tick tick) {
    Last last = bySymbol.computeIfAbsent(tick.symbol(), s -> new Last());
    Trade trade = Trade.parse(tick.price(), tick.size());
    boolean seeded = last.seeded;
    last.seeded = false;
    if (last.published != null && (tick.seq() == last.upstreamSeq
        || seeded && tick.ts() == last.published.ts() && Objects.equals(trade, last.published.trade()))) {
      return null;
    }
    long seq = last.published == null ? tick.seq() : Math.max(tick.seq(), last.published.seq() + 1);
    TickEvent event = new TickEvent(tick.symbol(), seq, tick.ts(), json.encode(tick.withSeq(seq)), trade);
    last.upstreamSeq = tick.seq();
    last.published = event;
    return event;
  }

  List<TickEvent> sequence(List<Tick> ticks) {
    List<TickEvent> events = new ArrayList<>(ticks.size());
    for (Tick tick : ticks) {
      TickEvent event = sequence(tick);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  /**
   * Starts from ticks this node already has (it was just elected): the upstream is assumed to be
   * the same feed the previous leader read, so a replay of these ticks is dropped and later ticks
   * carry on from them. A replay is the same seq or, since the seq a node has is the upstream seq
   * only until the feed restarts (then it was renumbered), the same time, price and size: counted
   * again, the replay would be a second trade in every candle.
   */
  void seed(List<TickEvent> known) {
    for (TickEvent tick : known) {
      Last last = bySymbol.computeIfAbsent(tick.symbol(), s -> new Last());
      if (tick.supersedes(last.published)) {
        last.upstreamSeq = tick.seq();
        last.published = tick;
        last.seeded = true;
      }
    }
  }

  /** The latest published tick of every symbol. */
  List<TickEvent> latest() {
    List<TickEvent> all = new ArrayList<>(bySymbol.size());
    bySymbol.values().forEach(l -> all.add(l.published));
    return all;
  }
}
