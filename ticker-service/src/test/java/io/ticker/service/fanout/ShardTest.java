package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.model.SymbolInfo;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A starting shard holds what names symbols (welcomes, SSE requests) until it knows the node's symbols. */
class ShardTest extends WithVertx {



  @Test
  void workThatNamesSymbolsWaitsForTheSymbolListThenRunsInOrder() {
    Shard shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
    List<String> ran = new ArrayList<>();
    shard.whenSymbolsKnown(() -> ran.add("first: " + shard.directory().size()));
    shard.whenSymbolsKnown(() -> ran.add("second: " + shard.directory().size()));
    assertEquals(List.of(), ran, "nothing runs before the node's symbols are known");

    shard.onSymbols(List.of(new SymbolInfo("BTC-USD", "Bitcoin", "crypto"), new SymbolInfo("AAPL", "Apple", "stock")));
    assertEquals(List.of("first: 2", "second: 2"), ran, "held work runs once the symbols are known, in arrival order");

    shard.whenSymbolsKnown(() -> ran.add("later"));
    assertEquals("later", ran.get(2), "from then on it runs at once");
  }

  @Test
  void aNodeWithoutSymbolsStopsHoldingWhenItGivesUpWaiting() {
    Shard shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
    List<String> ran = new ArrayList<>();
    shard.whenSymbolsKnown(() -> ran.add("held"));
    shard.releaseAwaitingSymbols(); // what FanoutVerticle's SYMBOLS_WAIT_MS timer does when the feed is down
    assertEquals(List.of("held"), ran);
    shard.whenSymbolsKnown(() -> ran.add("now"));
    assertEquals(List.of("held", "now"), ran);
  }
}
