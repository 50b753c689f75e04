package io.ticker.service.fanout;

import static io.ticker.model.protocol.CandleJson.N;
import static io.ticker.model.protocol.CandleJson.RECORD;
import static io.ticker.model.protocol.CandleJson.T;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.WireFrame;
import io.ticker.model.protocol.CandleJson;
import io.ticker.model.protocol.FrameType;
import io.ticker.model.protocol.Timeframe;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleCopy;
import io.ticker.service.candles.SymbolCandles;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A shard's candle frames, built from the node's {@link CandleBook}: history replies, and the
 * {@code candle} frames of streams. A stream frame is built once per candle state and shared by
 * every connection of the shard that streams the same symbol and timeframe: a forming candle's
 * frame is keyed by its open time and tick count (which identify its values), a closed one by its
 * open time (it never changes again). Each holds one reference to its frame until the next one
 * of its kind replaces it.
 */
final class CandleFrames {

  /** Candles a stream may have to catch up on in one flush (more closed since it last kept up are skipped). */
  static final int CATCH_UP = 64;

  private final CandleBook book;
  private final CandleCopy copy = new CandleCopy();
  private final Map<StreamKey, Built> built = new HashMap<>();

  private record StreamKey(String symbol, Timeframe tf) {
  }

  /** The newest frames built for one stream key, shared by the shard's streams of that key. */
  static final class Built {
    long formingT = Long.MIN_VALUE;
    long formingN;
    WireFrame forming;
    long closedT = Long.MIN_VALUE;
    WireFrame closed;
  }

  CandleFrames(CandleBook book) {
    this.book = book;
  }

  /**
   * The newest {@code limit} candles as a {@code candles} reply ({@code type} CANDLES) or the body of
   * {@code GET /api/candles} ({@code type} null); {@code sentTo} (may be null) gets where a stream
   * starting now has been brought.
   */
  Buffer history(FrameType type, JsonNode id, String symbol, Timeframe tf, int limit, CandleStream sentTo) {
    SymbolCandles candles = book.get(symbol);
    int count = 0;
    if (candles != null) {
      candles.read(tf, Long.MIN_VALUE, limit, copy);
      count = copy.count();
    }
    if (sentTo != null && count > 0) {
      sentTo.sent(copy.get(count - 1, T), copy.get(count - 1, N));
    }
    return CandleJson.history(type, id, symbol, tf, copy.records(), count, copy.priceScale(), copy.sizeScale());
  }

  /** A new stream of {@code symbol} in {@code tf}, sharing this shard's frames of that key from the start. */
  CandleStream open(String symbol, Timeframe tf) {
    return new CandleStream(symbol, tf, built.computeIfAbsent(new StreamKey(symbol, tf), k -> new Built()));
  }

  /**
   * Writes to {@code session} what {@code stream} has not been sent: each candle that closed since
   * (once, {@code closed:true}), then the forming one if it changed. Returns the frames written.
   */
  int flush(CandleStream stream, ClientSession session) {
    if (stream.candles == null) {
      stream.candles = book.get(stream.symbol); // null until the symbol's first tick; never removed after
      if (stream.candles == null) {
        return 0;
      }
    }
    stream.candles.read(stream.tf, stream.sentT, CATCH_UP, copy);
    int count = copy.count();
    if (count == 0) {
      return 0;
    }
    Built frames = stream.frames;
    int written = 0;
    for (int i = 0; i < count - 1; i++) { // all but the newest have closed
      long t = copy.get(i, T);
      if (frames.closedT != t) {
        frames.closedT = t;
        frames.closed = replace(frames.closed, frame(stream, i, true));
      }
      session.send(frames.closed);
      written++;
    }
    long t = copy.get(count - 1, T);
    long n = copy.get(count - 1, N);
    if (t != stream.sentT || n != stream.sentN) {
      if (frames.formingT != t || frames.formingN != n) {
        frames.formingT = t;
        frames.formingN = n;
        frames.forming = replace(frames.forming, frame(stream, count - 1, false));
      }
      session.send(frames.forming);
      written++;
    }
    stream.sent(t, n);
    return written;
  }

  private WireFrame frame(CandleStream stream, int index, boolean closed) {
    return WireFrame.copyOf(CandleJson.candleFrame(stream.symbol, stream.tf, copy.records(), index * RECORD,
        copy.priceScale(), copy.sizeScale(), closed));
  }

  private static WireFrame replace(WireFrame old, WireFrame next) {
    if (old != null) {
      old.release(); // writes still under way hold their own references
    }
    return next;
  }
}
