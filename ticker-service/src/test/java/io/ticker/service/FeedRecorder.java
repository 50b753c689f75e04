package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.Wire;
import io.ticker.model.protocol.Timeframe;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.ticker.service.candles.CandleReference;
import io.ticker.service.candles.CandleReference.FeedTick;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A raw consumer of the feed simulator: records every tick the feed sent (once per symbol and
 * upstream seq), so that tests can recompute candles from what the feed really sent.
 */
final class FeedRecorder implements AutoCloseable {

  /** One candle, as the service prints it ({@code /api/candles}) or as recomputed here; decimals compared by value. */
  record Candle(long t, BigDecimal o, BigDecimal h, BigDecimal l, BigDecimal c, BigDecimal v, long n) {

    Candle {
      o = o.stripTrailingZeros();
      h = h.stripTrailingZeros();
      l = l.stripTrailingZeros();
      c = c.stripTrailingZeros();
      v = v.stripTrailingZeros();
    }

    static Candle parse(JsonObject json) {
      return new Candle(json.getLong("t"), new BigDecimal(json.getString("o")), new BigDecimal(json.getString("h")),
          new BigDecimal(json.getString("l")), new BigDecimal(json.getString("c")), new BigDecimal(json.getString("v")),
          json.getLong("n"));
    }

    Candle plus(BigDecimal price, BigDecimal size) {
      return new Candle(t, o, h.max(price), l.min(price), price, v.add(size), n + 1);
    }
  }

  private final WebSocketClient client;
  private final Map<String, NavigableMap<Long, Tick>> bySymbol = new HashMap<>();
  private long maxTs = Long.MIN_VALUE;

  private FeedRecorder(WebSocketClient client) {
    this.client = client;
  }

  /** Connected to {@code ws://127.0.0.1:port/feed}, recording from its snapshot on. */
  static FeedRecorder connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20).setMaxFrameSize(64 << 20));
    FeedRecorder recorder = new FeedRecorder(client);
    ClientWebSocket socket = client.webSocket(); // the handler goes on before the feed's first frames
    socket.textMessageHandler(recorder::onFrame);
    await(socket.connect(port, "127.0.0.1", "/feed"));
    return recorder;
  }

  private synchronized void onFrame(String text) {
    FeedFrame frame;
    try {
      frame = Wire.readFeedFrame(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (frame.ticks() != null) {
      for (Tick tick : frame.ticks()) {
        bySymbol.computeIfAbsent(tick.symbol(), s -> new TreeMap<>()).putIfAbsent(tick.seq(), tick);
        maxTs = Math.max(maxTs, tick.ts());
      }
    }
  }

  /** The newest tick time recorded: the feed sends in time order, so every tick before it is here. */
  synchronized long maxTs() {
    return maxTs;
  }

  synchronized List<String> symbols() {
    return List.copyOf(bySymbol.keySet());
  }

  /** How many symbols the feed sent no tick of from {@code fromTs} to {@code toTs}: a new leader gets a replay of their latest. */
  synchronized long quietSymbols(long fromTs, long toTs) {
    return bySymbol.values().stream()
        .filter(ticks -> ticks.values().stream().noneMatch(t -> t.ts() >= fromTs && t.ts() <= toTs)).count();
  }

  /** The recording has no hole: the simulator counts each symbol's seq up by one. */
  synchronized void assertComplete() {
    bySymbol.forEach((symbol, ticks) -> assertEquals(ticks.lastKey() - ticks.firstKey() + 1, ticks.size(),
        "the recorder missed ticks of " + symbol));
  }

  /** {@code symbol}'s recorded ticks in seq order. */
  synchronized List<FeedTick> ticks(String symbol) {
    return bySymbol.getOrDefault(symbol, new TreeMap<>()).values().stream()
        .map(t -> new FeedTick(t.symbol(), t.seq(), t.ts(), t.price(), t.size())).toList();
  }

  /** {@code symbol}'s candles in {@code tf} recomputed straight from the recorded ticks ({@link CandleReference}), by open time. */
  NavigableMap<Long, Candle> candles(String symbol, Timeframe tf) {
    NavigableMap<Long, Candle> candles = new TreeMap<>();
    for (CandleReference.Expected e : CandleReference.recompute(ticks(symbol), tf, Integer.MAX_VALUE)) {
      Candle candle = Candle.parse(CandleReference.json(e));
      candles.put(candle.t(), candle);
    }
    return candles;
  }

  @Override
  public void close() {
    await(client.close());
  }
}
