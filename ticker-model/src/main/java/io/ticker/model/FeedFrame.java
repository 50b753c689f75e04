package io.ticker.model;

import java.util.List;

/**
 * One text frame of the upstream feed ({@code ws://host:9090/feed}).
 * <ul>
 *   <li>{@code {"type":"symbols","symbols":[SymbolInfo,…]}}: first frame on connect, the universe;</li>
 *   <li>{@code {"type":"snapshot","ticks":[Tick,…]}}: second frame, the latest tick of every symbol;</li>
 *   <li>{@code {"type":"ticks","ticks":[Tick,…]}}: every batch after that, in event order.</li>
 * </ul>
 * Absent fields are {@code null}.
 */
public record FeedFrame(String type, List<SymbolInfo> symbols, List<Tick> ticks) {

  public static final String SYMBOLS = "symbols";
  public static final String SNAPSHOT = "snapshot";
  public static final String TICKS = "ticks";

  public static FeedFrame symbols(List<SymbolInfo> symbols) {
    return new FeedFrame(SYMBOLS, symbols, null);
  }

  public static FeedFrame snapshot(List<Tick> ticks) {
    return new FeedFrame(SNAPSHOT, null, ticks);
  }

  public static FeedFrame ticks(List<Tick> ticks) {
    return new FeedFrame(TICKS, null, ticks);
  }
}
