package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.service.auth.Identity;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Candle streams on the flush, driven by hand as in {@link IntervalGroupTest}: what a {@code candles}
 * stream is sent flush after flush, and that connections on the same stream share its frames.
 */
class CandleStreamsTest extends WithVertx {

  private static final long MS = 1_000_000L;
  private static final long BASE = 1_700_000_000_000L; // on a second (and minute) boundary

  private final CandleBook book = new CandleBook(CandleDepths.DEFAULT);
  private Shard shard;
  private IntervalGroup group;
  private long nanos = System.nanoTime();
  private long ms = System.currentTimeMillis();
  private long seq;

  @BeforeEach
  void setUp() {
    shard = IntervalGroupTest.shard(vertx, new SimpleMeterRegistry(), book);
    group = new IntervalGroup(IntervalGroupTest.INTERVAL_MS, shard, new HandClock(() -> nanos, () -> ms));
    shard.directory().idOf("S0");
    shard.directory().idOf("S1");
  }

  /** A connection in the test's group with an (unrelated) subscription to S1. */
  private IntervalGroupTest.FakeLink connect() {
    IntervalGroupTest.FakeLink socket = new IntervalGroupTest.FakeLink();
    ClientSession session = shard.open("c", socket, Identity.ANONYMOUS, null);
    BitSet s1 = new BitSet();
    s1.set(1);
    session.subscription = shard.subscriptions().acquire(Subscription.of(s1));
    session.delivery.snapshotCoversAll(shard.cache().head());
    group.add(session);
    socket.onWrite = () -> { };
    sessionOf.put(socket, session);
    return socket;
  }

  private final java.util.Map<IntervalGroupTest.FakeLink, ClientSession> sessionOf = new java.util.HashMap<>();

  private void op(IntervalGroupTest.FakeLink socket, String json) {
    sessionOf.get(socket).onText(json);
  }

  /** One S0 trade at {@code BASE + offsetMs}, into the node's book and the shard, as the relay does. */
  private void trade(long offsetMs, String price, String size) {
    seq++;
    TickBatch batch = new TickBatch(List.of(new TickEvent("S0", seq, BASE + offsetMs,
        ("{\"symbol\":\"S0\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), Trade.parse(price, size))));
    book.accept(batch);
    shard.onTicks(batch);
  }

  private void flushAfter(long elapsedMs) {
    nanos += elapsedMs * MS;
    ms += elapsedMs;
    group.flushAllSlots();
  }

  private static List<JsonObject> ofType(IntervalGroupTest.FakeLink socket, String type) {
    return socket.frames.stream().map(f -> new JsonObject(f.text())).filter(j -> type.equals(j.getString("type"))).toList();
  }

  /** "t n c closed" of each candle frame, relative to BASE, e.g. "1000 2 10.5 true". */
  private static List<String> candles(IntervalGroupTest.FakeLink socket) {
    return ofType(socket, "candle").stream().map(j -> (j.getJsonObject("candle").getLong("t") - BASE) + " "
        + j.getJsonObject("candle").getLong("n") + " " + j.getJsonObject("candle").getString("c") + " " + j.getBoolean("closed")).toList();
  }


  @Test
  void historyThenEachClosedCandleOnceAndTheFormingOneAtMostOncePerInterval() {
    trade(100, "10.0", "1");
    IntervalGroupTest.FakeLink a = connect();
    op(a, "{\"op\":\"candles\",\"id\":7,\"symbol\":\"S0\",\"tf\":\"1s\",\"limit\":10}");
    JsonObject history = ofType(a, "candles").get(0);
    assertEquals(7, history.getInteger("id"));
    assertEquals("[{\"t\":" + BASE + ",\"o\":\"10.0\",\"h\":\"10.0\",\"l\":\"10.0\",\"c\":\"10.0\",\"v\":\"1\",\"n\":1}]",
        history.getJsonArray("candles").encode());

    flushAfter(IntervalGroupTest.INTERVAL_MS);
    assertEquals(List.of(), candles(a), "nothing changed since the history");
    trade(200, "10.5", "2");
    flushAfter(IntervalGroupTest.INTERVAL_MS);
    assertEquals(List.of("0 2 10.5 false"), candles(a));

    trade(1_100, "11.0", "1"); // closes the first candle
    trade(2_100, "9.0", "1"); // opens and closes one never sent forming
    trade(2_200, "9.5", "1");
    flushAfter(IntervalGroupTest.INTERVAL_MS / 2);
    assertEquals(1, candles(a).size(), "not within the interval");
    flushAfter(IntervalGroupTest.INTERVAL_MS / 2);
    assertEquals(List.of("0 2 10.5 false", "0 2 10.5 true", "1000 1 11.0 true", "2000 2 9.5 false"), candles(a));

    IntervalGroupTest.FakeLink b = connect(); // a second connection on the same stream
    op(b, "{\"op\":\"candles\",\"symbol\":\"S0\",\"tf\":\"1s\"}");
    assertEquals(3, ofType(b, "candles").get(0).getJsonArray("candles").size());
    trade(2_300, "9.25", "0.5");
    flushAfter(IntervalGroupTest.INTERVAL_MS);
    IntervalGroupTest.Sent fromA = a.frames.get(a.frames.size() - 1);
    IntervalGroupTest.Sent fromB = b.frames.get(b.frames.size() - 1);
    assertEquals("2000 3 9.25 false", candles(b).get(0));
    assertSame(fromA.frame(), fromB.frame(), "one frame built, written to both");

    op(a, "{\"op\":\"uncandles\",\"id\":8,\"symbol\":\"S0\",\"tf\":\"1s\"}");
    assertEquals(1, ofType(a, "uncandled").size());
    int before = candles(a).size();
    trade(3_000, "9.0", "1");
    flushAfter(IntervalGroupTest.INTERVAL_MS);
    assertEquals(before, candles(a).size(), "no candles after uncandles");
    assertEquals(List.of("2000 3 9.25 true", "3000 1 9.00 false"), candles(b).subList(1, 3));
  }

  @Test
  void streamsAreLimitedPerConnectionAndCheckedLikeSubscriptions() {
    IntervalGroupTest.FakeLink a = connect();
    for (String tf : List.of("1s", "1m", "5m", "1h")) {
      op(a, "{\"op\":\"candles\",\"symbol\":\"S0\",\"tf\":\"" + tf + "\"}");
      op(a, "{\"op\":\"candles\",\"symbol\":\"S1\",\"tf\":\"" + tf + "\"}");
    }
    op(a, "{\"op\":\"candles\",\"symbol\":\"S0\",\"tf\":\"1s\"}"); // the same stream again: restarted, not a new one
    assertEquals(9, ofType(a, "candles").size());
    shard.directory().idOf("S2");
    shard.directory().idOf("S3");
    op(a, "{\"op\":\"candles\",\"symbol\":\"S2\",\"tf\":\"1s\"}");
    op(a, "{\"op\":\"candles\",\"symbol\":\"S2\",\"tf\":\"1m\"}");
    op(a, "{\"op\":\"candles\",\"id\":1,\"symbol\":\"S3\",\"tf\":\"1s\"}");
    op(a, "{\"op\":\"candles\",\"id\":2,\"symbol\":\"NOPE\",\"tf\":\"1s\"}");
    List<JsonObject> errors = ofType(a, "error");
    assertEquals(List.of("LIMIT_EXCEEDED", "UNKNOWN_SYMBOL"), errors.stream().map(e -> e.getString("code")).toList());
    assertTrue(errors.get(0).getString("message").contains("10"), errors.get(0).encode());
    assertEquals(1, errors.get(0).getInteger("id"));
    assertEquals(11, ofType(a, "candles").size());
  }
}
