package io.ticker.service.ingest;

import io.ticker.model.Tick;
import io.ticker.model.Wire;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
  }

  private final Map<String, Last> bySymbol = new HashMap<>();

  /** The tick to publish, or null when it is a replay of the last one. */
  TickEvent sequence(Tick tick) {
    Last last = bySymbol.computeIfAbsent(tick.symbol(), s -> new Last());
    if (last.published != null && tick.seq() == last.upstreamSeq) {
      return null;
    }
    long seq = last.published == null ? tick.seq() : Math.max(tick.seq(), last.published.seq() + 1);
    TickEvent event = new TickEvent(tick.symbol(), seq, tick.ts(), Wire.tickBytes(tick.withSeq(seq)),
        Trade.parse(tick.price(), tick.size()));
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
   * the same feed the previous leader read, so a replay of these seqs is dropped and later ticks
   * carry on from them.
   */
  void seed(List<TickEvent> known) {
    for (TickEvent tick : known) {
      Last last = bySymbol.computeIfAbsent(tick.symbol(), s -> new Last());
      if (tick.supersedes(last.published)) {
        last.upstreamSeq = tick.seq();
        last.published = tick;
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
