package io.ticker.service.candles;

import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's candles: one {@link SymbolCandles} per symbol that has ticked, fed with every tick
 * the node receives (before coalescing, so highs and lows are exact) by one writer, the relay.
 * Readers on any thread look symbols up here and copy candles out.
 *
 * <p>History moves between nodes in chunks ({@link #writeChunk}):
 * <pre>
 *   int symbols, then per symbol: short nameLength | name UTF-8 | SymbolCandles state
 * </pre>
 */
public final class CandleBook {

  private final CandleDepths depths;
  private final Map<String, SymbolCandles> bySymbol = new ConcurrentHashMap<>();

  public CandleBook(CandleDepths depths) {
    this.depths = depths;
  }

  public CandleDepths depths() {
    return depths;
  }

  /** Applies every tick of a batch once (writer only). */
  public void accept(TickBatch batch) {
    for (TickEvent tick : batch.ticks()) {
      if (tick.trade() != null) {
        SymbolCandles candles = bySymbol.get(tick.symbol()); // no lambda per tick: a symbol is new once
        if (candles == null) {
          candles = bySymbol.computeIfAbsent(tick.symbol(), s -> new SymbolCandles(depths));
        }
        candles.accept(tick.seq(), tick.ts(), tick.trade());
      }
    }
  }

  /** The candles of {@code symbol}, or null when it has none yet. */
  public SymbolCandles get(String symbol) {
    return bySymbol.get(symbol);
  }

  /** Heap held by candle records now. */
  public long bytes() {
    long bytes = 0;
    for (SymbolCandles candles : bySymbol.values()) {
      bytes += candles.bytes();
    }
    return bytes;
  }

  /**
   * Writes the candles of {@code names} in order, stopping once {@code budget} bytes are written
   * (at least one symbol per chunk); returns how many names it covered.
   */
  public int writeChunk(List<String> names, Buffer out, int budget) {
    int countAt = out.length();
    out.appendInt(0);
    int written = 0;
    int i = 0;
    for (; i < names.size() && (written == 0 || out.length() - countAt < budget); i++) {
      SymbolCandles candles = bySymbol.get(names.get(i));
      if (candles != null) {
        byte[] name = names.get(i).getBytes(StandardCharsets.UTF_8);
        out.appendShort((short) name.length).appendBytes(name);
        candles.writeTo(out);
        written++;
      }
    }
    out.setInt(countAt, written);
    return i;
  }

  /** Takes a chunk from another node: its symbols' state replaces this node's (writer only). */
  public void readChunk(Buffer in) {
    int symbols = in.getInt(0);
    int pos = 4;
    for (int s = 0; s < symbols; s++) {
      int length = in.getShort(pos);
      String name = in.getString(pos + 2, pos + 2 + length, "UTF-8");
      pos = bySymbol.computeIfAbsent(name, n -> new SymbolCandles(depths)).readFrom(in, pos + 2 + length);
    }
  }
}
