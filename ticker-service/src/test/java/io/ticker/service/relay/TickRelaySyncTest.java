package io.ticker.service.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.model.SymbolInfo;
import io.ticker.model.protocol.CandleJson;
import io.ticker.model.protocol.Timeframe;
import io.ticker.service.NodeContext;
import io.ticker.service.TickerMain;
import io.ticker.service.TickerMetrics;
import io.ticker.service.bus.Codecs;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.Query;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Topic;
import io.ticker.service.bus.Trade;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleCopy;
import io.ticker.service.candles.CandleDepths;
import io.ticker.service.candles.CandleSync;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A starting node whose leader dies halfway through the candle history: the relay's request goes
 * unanswered, it starts the whole sync over with the next leader, and ends with that leader's
 * history plus every tick it received meanwhile, each counted once; it says "live" only then.
 */
class TickRelaySyncTest {

  private static final List<String> SYMBOLS = List.of("AAA", "BBB");
  private static final long T0 = 1_700_000_000_000L;

  /** The feed's tick {@code seq} of {@code symbol}: 400 ms apart, so a few 1s candles. */
  private static TickEvent tick(String symbol, long seq) {
    return new TickEvent(symbol, seq, T0 + seq * 400, new byte[0], new Trade(100_000_000L * (10 + seq % 3), seq * 1_000L, 2, 4));
  }

  /** A book that has seen ticks 1..{@code upTo[i]} of symbol i. */
  private static CandleBook book(long... upTo) {
    CandleBook book = new CandleBook(CandleDepths.DEFAULT);
    for (int i = 0; i < SYMBOLS.size(); i++) {
      List<TickEvent> ticks = new ArrayList<>();
      for (long seq = 1; seq <= upTo[i]; seq++) {
        ticks.add(tick(SYMBOLS.get(i), seq));
      }
      book.accept(new TickBatch(ticks));
    }
    return book;
  }

  private static TickBatch batch(long seq) {
    return new TickBatch(SYMBOLS.stream().map(s -> tick(s, seq)).toList());
  }

  private static SyncReply syncReply() {
    List<SymbolInfo> universe = SYMBOLS.stream().map(s -> new SymbolInfo(s, s, "crypto")).toList();
    return new SyncReply("leader", universe, new FeedStatus(true, T0), new TickBatch(List.of()));
  }

  @Test
  void aLeaderThatDiesMidSyncIsReplacedAndTheWholeSyncStartsOver() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      EventBus bus = vertx.eventBus();
      Codecs.register(bus);
      CandleBook dying = book(4, 4); // the first leader saw ticks 1..4 of both
      CandleBook next = book(3, 4); // the next one had not yet received AAA 4
      AtomicInteger syncsAnswered = new AtomicInteger();
      MessageConsumer<Void> firstSync = Query.SYNC.answer(bus, none -> {
        Topic.TICKS.publish(bus, batch(4)); // its last ticks reach the joiner
        return syncReply();
      });
      AtomicReference<MessageConsumer<JsonObject>> firstHistory = new AtomicReference<>();
      firstHistory.set(Query.CANDLE_HISTORY.answer(bus, request -> {
        if (syncsAnswered.incrementAndGet() == 1) { // the first chunk: one symbol
          Buffer reply = Buffer.buffer().appendInt(0);
          return reply.setInt(0, dying.writeChunk(SYMBOLS, reply, 1));
        }
        // Dies before it answers the second; the next leader takes over.
        firstSync.unregister();
        firstHistory.get().unregister();
        Query.SYNC.answer(bus, none -> syncReply());
        CandleSync.serve(bus, next);
        Topic.TICKS.publish(bus, batch(5)); // the next leader's ingest carries on
        throw new IllegalStateException("the leader died: no reply");
      }));

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      CandleBook joining = new CandleBook(CandleDepths.DEFAULT);
      NodeContext node = new NodeContext(TickerMain.parse("--feed-stale-ms", "60000"), new TickerMetrics(registry, () -> 0, 1),
          registry, "joiner", null, null, null, null, joining);
      Promise<List<long[]>> atLive = Promise.promise(); // the joiner's candles the moment it says "live"
      Topic.LOCAL_FEED_STATUS.subscribe(bus, status -> {
        if (status.live()) {
          atLive.tryComplete(candles(joining));
        }
      });
      long start = System.nanoTime();
      vertx.deployVerticle(new TickRelayVerticle(node)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      List<long[]> served = atLive.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

      assertEquals(2, syncsAnswered.get(), "the first leader answered one chunk and died at the second");
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "the sync started over well before the bus's 30 s timeout");
      List<long[]> expected = candles(book(5, 5)); // every tick the feed sent, once
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), served.get(i), SYMBOLS.get(i / Timeframe.values().length) + " "
            + Timeframe.values()[i % Timeframe.values().length].wire());
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Every symbol's candles in every timeframe, as records. */
  private static List<long[]> candles(CandleBook book) {
    List<long[]> all = new ArrayList<>();
    CandleCopy copy = new CandleCopy();
    for (String symbol : SYMBOLS) {
      for (Timeframe tf : Timeframe.values()) {
        book.get(symbol).read(tf, Long.MIN_VALUE, 100, copy);
        all.add(Arrays.copyOf(copy.records(), copy.count() * CandleJson.RECORD));
      }
    }
    return all;
  }
}
