package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.protocol.Timeframe;
import io.ticker.service.FeedRecorder.Candle;
import io.ticker.service.testing.ClusterJvms;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/**
 * Candles across a cluster, each node and the simulator in its own JVM from the built jars, checked
 * against a raw recording of everything the feed sent: a node that joins late serves the leader's
 * closed 1s candles as soon as it reports ready; after kill -9 of the leader, the survivors' candles
 * equal the recomputation from the recorded ticks outside the takeover, and inside it count no tick
 * and no volume the feed did not send (nothing doubled).
 */
class CandleClusterIT {

  /** 150 ticks/s over 100 symbols, weighted: a few tick often, many about once a second, so some stay quiet through the takeover. */
  private static final int SYMBOLS = 100;
  /** History the leader builds before the late node joins. */
  private static final long HISTORY_MS = 12_000;
  /** Ticks the old leader took from the feed shortly before its death may never have reached anyone. */
  private static final long TAKEOVER_MARGIN_MS = 2_000;
  private static final Duration UP = Duration.ofSeconds(60);

  /** Starts node {@code i} (id "n" + (i + 1)) and waits until it reports ready; returns its HTTP port. */
  private static int startNode(ClusterJvms cluster, int i) throws Exception {
    cluster.startNode(i);
    TestSupport.until(() -> cluster.ready(i), UP, "n" + (i + 1) + " ready");
    return cluster.httpPort(i);
  }

  @Test
  void aLateJoinerServesTheLeadersCandlesWhenReadyAndAKilledLeaderNeitherLosesNorDoublesTicks() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (ClusterJvms cluster = ClusterJvms.onLoopback(3)) {
      cluster.startSimulator(150, SYMBOLS);
      int feedPort = cluster.feedPort();
      TestSupport.until(() -> TestSupport.accepts("127.0.0.1", feedPort), UP, "the simulator listens");
      try (FeedRecorder feed = FeedRecorder.connect(vertx, feedPort)) {
        int n1 = startNode(cluster, 0); // the oldest member: the leader
        long historyFrom = System.currentTimeMillis();
        int n3 = startNode(cluster, 2); // next oldest: it takes over
        TestSupport.until(() -> feed.maxTs() >= historyFrom + HISTORY_MS, UP, "history on the leader");

        int n2 = startNode(cluster, 1); // joins late; compared the moment it says ready
        Map<String, List<Candle>> joiner = candles(n2, feed.symbols());
        Map<String, List<Candle>> leader = candles(n1, feed.symbols());
        int compared = 0;
        for (String symbol : feed.symbols()) {
          long forming = Math.min(last(joiner.get(symbol)).t(), last(leader.get(symbol)).t());
          List<Candle> closed = before(joiner.get(symbol), forming);
          assertEquals(before(leader.get(symbol), forming), closed, symbol + ": the joiner's closed 1s candles at ready");
          compared += closed.size();
        }
        assertTrue(compared >= SYMBOLS * 5, "history compared: " + compared + " candles");

        long killedAt = System.currentTimeMillis();
        cluster.node(0).kill();
        TestSupport.until(() -> TestSupport.metric(n3, "ticker_cluster_leader") == 1.0
            && TestSupport.ready(n3) && TestSupport.ready(n2), UP, "n3 leads, both survivors live again");
        long liveAt = System.currentTimeMillis();
        System.out.printf("candles: kill -9 of the leader to live again on both survivors: %d ms%n", liveAt - killedAt);
        assertTrue(feed.quietSymbols(killedAt, liveAt) > 0, "some symbols had no tick in the takeover: the new leader's feed replays them");
        long windowFrom = Timeframe.S1.openOf(killedAt - TAKEOVER_MARGIN_MS);
        long windowTo = Timeframe.S1.openOf(liveAt + TAKEOVER_MARGIN_MS);
        TestSupport.until(() -> feed.maxTs() >= windowTo + 5_000, UP, "candles after the takeover");

        for (int node : new int[] {n2, n3}) {
          Map<String, List<Candle>> served = candles(node, feed.symbols());
          long newest = served.values().stream().mapToLong(c -> last(c).t()).max().orElseThrow();
          TestSupport.until(() -> feed.maxTs() >= newest, UP, "the recorder has every tick the node has");
          int after = 0;
          for (String symbol : feed.symbols()) {
            after += checkAgainstFeed(symbol, served.get(symbol), feed.candles(symbol, Timeframe.S1), windowFrom, windowTo);
          }
          assertTrue(after >= SYMBOLS, "closed candles after the takeover: " + after);
        }
        feed.assertComplete();
      }
    } finally {
      TestSupport.await(vertx.close());
    }
  }

  /**
   * One node's 1s candles of {@code symbol} (but its first, which started before the node saw the
   * feed, and the forming one) against the feed's: every candle equal, no candle missing, except
   * in the takeover window, where no candle may count more ticks or volume than the feed sent.
   * Returns how many closed candles follow the window.
   */
  private static int checkAgainstFeed(String symbol, List<Candle> served, NavigableMap<Long, Candle> feed, long windowFrom, long windowTo) {
    Map<Long, Candle> byT = new HashMap<>();
    served.forEach(c -> byT.put(c.t(), c));
    long first = served.get(0).t();
    long forming = last(served).t();
    int after = 0;
    for (Candle expected : feed.subMap(first, false, forming, false).values()) {
      Candle candle = byT.get(expected.t());
      if (expected.t() < windowFrom || expected.t() > windowTo) {
        assertEquals(expected, candle, symbol + " at " + expected.t() + ", outside the takeover [" + windowFrom + ", " + windowTo + "]");
        after += expected.t() > windowTo ? 1 : 0;
      } else if (candle != null) {
        assertTrue(candle.n() <= expected.n() && candle.v().compareTo(expected.v()) <= 0,
            symbol + " at " + expected.t() + " in the takeover: " + candle + " counts more than the feed sent: " + expected);
      }
    }
    for (Candle candle : before(served, forming)) {
      assertNotNull(feed.get(candle.t()), symbol + ": a candle the feed never made: " + candle);
    }
    return after;
  }

  private static Map<String, List<Candle>> candles(int port, List<String> symbols) {
    Map<String, List<Candle>> bySymbol = new HashMap<>();
    for (String symbol : symbols) {
      List<Candle> candles = new ArrayList<>();
      TestSupport.get(port, "/api/candles?tf=1s&limit=600&symbol=" + symbol).json().getJsonArray("candles")
          .forEach(o -> candles.add(Candle.parse((JsonObject) o)));
      bySymbol.put(symbol, candles);
    }
    return bySymbol;
  }

  private static Candle last(List<Candle> candles) {
    return candles.get(candles.size() - 1);
  }

  private static List<Candle> before(List<Candle> candles, long t) {
    return candles.stream().filter(c -> c.t() < t).toList();
  }
}
