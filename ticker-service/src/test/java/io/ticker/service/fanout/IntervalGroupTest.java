package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ticker.model.WireFrame;
import io.ticker.model.protocol.CloseCode;
import io.ticker.service.LogFormat;
import io.ticker.service.ServiceConfig;
import io.ticker.service.TickerMetrics;
import io.ticker.service.auth.AuthAudit;
import io.ticker.service.auth.Identity;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flush of one interval group, driven by hand: the group's clocks are the test's and its slot
 * timer never fires by itself ({@link HandClock}), and the sockets are recording stand-ins whose
 * write queue the test fills and drains at will (a real socket cannot be made full on demand
 * without timing).
 */
class IntervalGroupTest extends WithVertx {

  static final int INTERVAL_MS = 60_000;
  private static final int GRACE_MS = 3 * INTERVAL_MS;
  private static final long MS = 1_000_000L;

  private SimpleMeterRegistry registry;
  private Shard shard;
  private IntervalGroup group;
  private HandClock clock;
  private long nanos = System.nanoTime();
  private long ms = System.currentTimeMillis();
  private final Map<ClientSession, FakeLink> sockets = new HashMap<>();

  /** A frame as a connection got it: the frame itself (shared or not) and its text. */
  record Sent(WireFrame frame, String text) {
  }

  /** A recording stand-in for a client's transport: frames and closes; write queue full on demand. */
  static final class FakeLink implements ClientLink {
    volatile boolean queueFull;
    /** Run after each frame is recorded (on whatever thread writes it). */
    volatile Runnable onWrite = () -> { };
    Short closeCode;
    final List<Sent> frames = new ArrayList<>();
    /** What was written, in order: "frame", "ping", or "frame+ping" (in one flush). */
    final List<String> writes = new ArrayList<>();

    @Override
    public void send(WireFrame frame) {
      frames.add(new Sent(frame, frame.payload().toString(StandardCharsets.UTF_8)));
      writes.add("frame");
      onWrite.run();
    }

    @Override
    public void sendThenPing(WireFrame frame) {
      send(frame);
      writes.set(writes.size() - 1, "frame+ping");
    }

    @Override
    public boolean writeQueueFull() {
      return queueFull;
    }

    @Override
    public void close(short code, String reason) {
      closeCode = code;
    }

    @Override
    public boolean isClosed() {
      return false; // as a peer that stopped reading: it never completes the close
    }

    @Override
    public boolean twoWay() {
      return true;
    }

    @Override
    public void ping() {
      writes.add("ping");
    }

    @Override
    public String peer() {
      return null;
    }
  }

  @BeforeEach
  void setUp() {
    registry = new SimpleMeterRegistry();
    shard = shard(vertx, registry, new CandleBook(CandleDepths.DEFAULT));
    clock = new HandClock(() -> nanos, () -> ms);
    group = new IntervalGroup(INTERVAL_MS, shard, clock);
    for (int i = 0; i < 4; i++) {
      shard.directory().idOf("S" + i); // S0..S3 are ids 0..3
    }
  }

  @Test
  void aTickReplacedBeforeAnyFrameCarriedItCountsAsCoalescedAndOneAFrameCarriedDoesNot() {
    ClientSession s = connect(0, 1);
    ticks("S0:1");
    assertEquals(0, coalescedTicks(), "the first tick of a symbol replaces nothing");
    ticks("S0:2", "S1:1");
    assertEquals(1, coalescedTicks(), "S0:2 replaced a tick no frame carried");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:2", "S1:1")), updatesOf(s));
    ticks("S0:3", "S1:2");
    assertEquals(1, coalescedTicks(), "once a frame carried them, newer ticks coalesce nothing");
    ticks("S3:1", "S3:2");
    assertEquals(1, coalescedTicks(), "a symbol nobody subscribes to is not counted");
  }

  private double coalescedTicks() {
    return registry.get("ticker.ticks.coalesced").counter().count();
  }

  @Test
  void aLateTimerFlushesOneSlotAndWakesAtOnceForTheNextSoTicksThatCameMeanwhileAreInIt() {
    ClientSession first = connect(0);
    ClientSession second = connect(0); // the least-filled slot: the next one
    ticks("S0:1");
    long slotMs = INTERVAL_MS / Math.min(IntervalGroup.MAX_SLOTS, INTERVAL_MS / IntervalGroup.SLOT_MS);
    nanos += (INTERVAL_MS + 3 * slotMs) * MS; // the loop was busy: their slots and the one after are due when the timer fires
    ms += INTERVAL_MS + 3 * slotMs;
    clock.fire();
    assertEquals(1, framesOf(first).size() + framesOf(second).size(), "one slot per wake");
    assertTrue(clock.armedDelayNanos() <= 0, "the next slot is due already: the group wakes again at once");
    ClientSession later = framesOf(first).isEmpty() ? first : second;

    ticks("S0:2"); // what the loop ran between the two wakes: the cache's new tick
    nanos += MS;
    ms += 1;
    clock.fire();
    assertEquals(1, framesOf(later).size());
    assertEquals(List.of("S0:2"), ticksIn(framesOf(later).get(0)), "the later slot's frame has the tick that came meanwhile");
  }

  @Test
  void aSlotWhoseTurnComesBeforeItsIntervalHasPassedSinceItsLastFlushWaitsForItAsOne() {
    long start = nanos;
    long slotNanos = INTERVAL_MS * MS / IntervalGroup.MAX_SLOTS;
    ClientSession s = connect(0); // slot 0, due one slot from now
    ticks("S0:1");
    nanos = start + slotNanos + 3 * MS; // the timer fired 3 ms late
    clock.fire();
    assertEquals(1, framesOf(s).size());
    ticks("S0:2");
    for (int k = 1; k <= IntervalGroup.MAX_SLOTS; k++) { // the other slots, then slot 0 again, each on time
      nanos = start + (k + 1) * slotNanos;
      clock.fire();
    }
    assertEquals(1, framesOf(s).size(), "slot 0's turn came 3 ms before an interval since its last flush");
    assertEquals(3 * MS, clock.armedDelayNanos(), "it waits until its interval has passed, to the nanosecond");
    nanos += 3 * MS;
    clock.fire();
    assertEquals(List.of(List.of("S0:1"), List.of("S0:2")), updatesOf(s));
    assertEquals(slotNanos, clock.armedDelayNanos(), "the next slot's turn moved by the wait: a slot after this one's");
  }

  /** A shard without auth whose groups flush every {@link #INTERVAL_MS}, 10 candle streams per connection. */
  static Shard shard(Vertx vertx, SimpleMeterRegistry registry, CandleBook candles) {
    ServiceConfig config = new ServiceConfig("127.0.0.1", 0, "test", 1, null, 0, 0, null, INTERVAL_MS, 65_536, 100, 20, 100,
        GRACE_MS, 1 << 20, 1 << 16, 1_000, 0, 3_600_000, 1_000, 1_000, null,
        new ServiceConfig.AuthSettings(false, null, null, null, null, 5_000, 30_000), null, null, LogFormat.TEXT,
        new ServiceConfig.CandleSettings(CandleDepths.DEFAULT, 10), io.ticker.model.NetworkTransport.AUTO);
    return new Shard(vertx, config, new TickerMetrics(registry, () -> 0, 100), null, new AuthAudit(registry), candles);
  }

  /** A connection subscribed to {@code ids} (none = "*"), sent everything up to now. */
  private ClientSession connect(int... ids) {
    return connect(group, ids);
  }

  private ClientSession connect(IntervalGroup into, int... ids) {
    FakeLink socket = new FakeLink();
    ClientSession session = shard.open("c" + sockets.size(), socket, Identity.ANONYMOUS, null);
    BitSet set = new BitSet();
    for (int id : ids) {
      set.set(id);
    }
    session.subscription = shard.subscriptions().acquire(ids.length == 0 ? Subscription.ALL : Subscription.of(set));
    session.delivery.snapshotCoversAll(shard.cache().head());
    into.add(session);
    sockets.put(session, socket);
    return session;
  }

  /** Ticks as "S0:5" (symbol S0, seq 5). */
  private void ticks(String... ticks) {
    List<TickEvent> events = new ArrayList<>();
    for (String t : ticks) {
      String[] parts = t.split(":");
      long seq = Long.parseLong(parts[1]);
      events.add(new TickEvent(parts[0], seq, ms,
          ("{\"symbol\":\"" + parts[0] + "\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), null));
    }
    shard.onTicks(new TickBatch(events));
  }

  private void flushAfter(long elapsedMs) {
    nanos += elapsedMs * MS;
    ms += elapsedMs;
    group.flushAllSlots();
  }

  private List<Sent> framesOf(ClientSession session) {
    return sockets.get(session).frames;
  }

  /** The ticks of an update frame, as "S0:5". */
  private static List<String> ticksIn(Sent frame) {
    JsonObject json = new JsonObject(frame.text());
    assertEquals("update", json.getString("type"));
    JsonArray ticks = json.getJsonArray("ticks");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < ticks.size(); i++) {
      out.add(ticks.getJsonObject(i).getString("symbol") + ":" + ticks.getJsonObject(i).getLong("seq"));
    }
    return out;
  }

  private List<List<String>> updatesOf(ClientSession session) {
    return framesOf(session).stream().map(IntervalGroupTest::ticksIn).toList();
  }

  private double counter(String name) {
    return registry.get(name).counter().count();
  }

  @Test
  void aConnectionNeverGetsTwoFramesWithinItsInterval() {
    ClientSession s = connect(0);
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:1")), updatesOf(s));
    ticks("S0:2");
    flushAfter(INTERVAL_MS / 2); // e.g. it just moved here from a group that flushed it
    ticks("S0:3");
    flushAfter(INTERVAL_MS / 2 - 1);
    assertEquals(1, framesOf(s).size(), "not within the interval");
    assertEquals(1, s.delivery.since(), "what it was not sent is still owed");
    flushAfter(1);
    assertEquals(List.of(List.of("S0:1"), List.of("S0:3")), updatesOf(s), "S0:2 coalesced away");
  }

  @Test
  void nothingNewMeansNoFrameAndUnsubscribedChangesAreSkippedOnce() {
    ClientSession s = connect(0);
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(s));
    ticks("S1:1", "S2:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(s));
    assertEquals(shard.cache().head(), s.delivery.since(), "moves past changes it does not hold");
  }

  @Test
  void connectionsWithTheSameSubscriptionAndSinceShareOneFrame() {
    ClientSession a = connect(0, 1);
    ClientSession b = connect(1, 0);
    ClientSession all = connect();
    ClientSession other = connect(0);
    assertSame(a.subscription, b.subscription, "interned");
    ticks("S0:1", "S1:1", "S2:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:1", "S1:1")), updatesOf(a));
    assertSame(framesOf(a).get(0).frame(), framesOf(b).get(0).frame(), "one frame built, written twice");
    assertEquals(List.of(List.of("S0:1", "S1:1", "S2:1")), updatesOf(all));
    assertEquals(List.of(List.of("S0:1")), updatesOf(other));
    assertNotSame(framesOf(a).get(0).frame(), framesOf(other).get(0).frame());
    assertEquals(4, counter("ticker.frames.out"));
    assertEquals(8, counter("ticker.ticks.out"));
  }

  @Test
  void aFullWriteQueueSkipsTheConnectionAndKeepsSinceSoItsNextFrameConflates() {
    ClientSession behind = connect(0, 1);
    ClientSession keepingUp = connect(0, 1);
    sockets.get(behind).queueFull = true;
    ticks("S0:1", "S1:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(behind));
    assertEquals(0, behind.delivery.since(), "still owed everything");
    assertEquals(List.of(List.of("S0:1", "S1:1")), updatesOf(keepingUp));
    assertEquals(1, counter("ticker.frames.skipped"));

    ticks("S1:2");
    sockets.get(behind).queueFull = false;
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:1", "S1:2")), updatesOf(behind), "one frame with all it missed, latest values only");
    assertEquals(List.of("S1:2"), ticksIn(framesOf(keepingUp).get(1)), "a different since: a different frame");
    assertEquals(behind.delivery.since(), keepingUp.delivery.since());
    assertNull(sockets.get(behind).closeCode);
  }

  @Test
  void aConnectionBehindForLongerThanTheGraceIsClosedWith1013() {
    ClientSession slow = connect(0);
    ClientSession fine = connect(0);
    sockets.get(slow).queueFull = true;
    ticks("S0:1");
    flushAfter(INTERVAL_MS); // behind from here
    flushAfter(GRACE_MS);
    assertNull(sockets.get(slow).closeCode, "exactly the grace is still within it");
    assertEquals(0, counter("ticker.slow.consumer.closes"));
    flushAfter(1);
    assertEquals(CloseCode.TRY_AGAIN_LATER, sockets.get(slow).closeCode.shortValue());
    assertEquals(1013, CloseCode.TRY_AGAIN_LATER);
    assertEquals(1, counter("ticker.slow.consumer.closes"));
    assertFalse(slow.open());
    sockets.get(slow).queueFull = false;
    ticks("S0:2");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(slow), "nothing more for a closed connection");
    assertEquals(List.of(List.of("S0:1"), List.of("S0:2")), updatesOf(fine));
  }

  @Test
  void catchingUpStartsTheGraceAfresh() {
    ClientSession s = connect(0);
    FakeLink socket = sockets.get(s);
    socket.queueFull = true;
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    socket.queueFull = false;
    flushAfter(INTERVAL_MS);
    assertEquals(1, framesOf(s).size());
    socket.queueFull = true;
    ticks("S0:2");
    flushAfter(GRACE_MS - INTERVAL_MS + 1); // over the grace since it first fell behind, not since it fell behind again
    assertNull(socket.closeCode);
    flushAfter(GRACE_MS);
    assertNull(socket.closeCode);
    flushAfter(1);
    assertEquals(CloseCode.TRY_AGAIN_LATER, socket.closeCode.shortValue());
  }

  @Test
  void aConnectionThatLeftAPingUnansweredGetsNoFrameUntilItAnswers() {
    ClientSession s = connect(0);
    s.ping(nanos);
    ticks("S0:1");
    flushAfter(INTERVAL_MS); // far more than a second without its pong: it stopped reading
    assertEquals(List.of(), framesOf(s));
    assertEquals(1, counter("ticker.frames.skipped"));
    ticks("S0:2");
    s.onPong();
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:2")), updatesOf(s));
  }

  @Test
  void anOwedPingGoesOutWithTheNextFrameInOneFlushOrAloneWhenThereIsNone() {
    ClientSession changed = connect(0);
    ClientSession quiet = connect(1);
    changed.owePing(nanos);
    quiet.owePing(nanos);
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of("frame+ping"), sockets.get(changed).writes);
    assertEquals(List.of("ping"), sockets.get(quiet).writes, "nothing to send: the ping alone");
    assertEquals(nanos, changed.pingSentNanos, "its lag is measured from when the ping went out, with the frame");
    changed.onPong();
    quiet.onPong();
    ticks("S0:2", "S1:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of("frame+ping", "frame"), sockets.get(changed).writes, "one ping per request");
    assertEquals(List.of("ping", "frame"), sockets.get(quiet).writes);
  }

  @Test
  void ticksAlreadySentInASnapshotAreNotSentAgain() {
    ClientSession s = connect(0, 1);
    ticks("S0:5", "S1:3");
    s.delivery.snapshotCarried(new HashMap<>(Map.of(0, 5L))); // a second subscribe's snapshot carried S0:5
    ClientSession plain = connect(0, 1);
    plain.delivery.snapshotCoversAll(0);
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S1:3")), updatesOf(s));
    assertNull(s.delivery.sentInSnapshot());
    assertEquals(List.of(List.of("S0:5", "S1:3")), updatesOf(plain), "its own frame, not the shared one");
    ticks("S0:6");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of("S0:6"), ticksIn(framesOf(s).get(1)));
  }

  @Test
  void aResumingClientAheadOfTheNodeIsHeldUntilPassedOrUntilTheHoldRunsOut() {
    ticks("S0:5", "S1:3");
    ClientSession s = connect(0, 1); // its resume snapshot left both out: the client has S0:7 and S1:100
    long holdFrom = ms + 2 * INTERVAL_MS + INTERVAL_MS / 2 - Delivery.RESUME_HOLD_MS; // the hold runs out in 2.5 intervals
    s.delivery.clientAhead(0, 7L, holdFrom);
    s.delivery.clientAhead(1, 100L, holdFrom);
    ticks("S0:6", "S1:4");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(s), "nothing at or below what the client has");
    ticks("S0:8");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(List.of("S0:8")), updatesOf(s), "S0 passed the client's seq");
    assertEquals(Map.of(1, 100L), s.delivery.clientAhead());
    flushAfter(INTERVAL_MS); // nothing new, but the hold ran out: S1's history restarted, its current tick goes
    assertEquals(List.of(List.of("S0:8"), List.of("S1:4")), updatesOf(s));
    assertNull(s.delivery.clientAhead());
    ticks("S1:5");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of("S1:5"), ticksIn(framesOf(s).get(2)));
  }

  @Test
  void aRemovedConnectionIsNoLongerFlushedAndTheOthersStillAre() {
    ClientSession a = connect(0);
    ClientSession b = connect(0);
    ClientSession c = connect(0);
    group.remove(a);
    assertNull(a.group);
    assertEquals(-1, a.phase);
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    assertEquals(List.of(), framesOf(a));
    assertEquals(1, framesOf(b).size());
    assertEquals(1, framesOf(c).size());
    group.remove(b);
    group.remove(c);
    assertTrue(group.isEmpty());
  }

  @Test
  void eachConnectionGetsAFrameAnIntervalApartAtItsOwnPhaseOfTheInterval() throws Exception {
    Vertx loop = Vertx.vertx();
    try {
      int intervalMs = 100; // 10 slots of 10 ms
      long intervalNanos = intervalMs * MS;
      int n = 50;
      // When (the server's own clock, as Delivery stamps it) each connection was sent each frame:
      // read at its next write, which is the stamp of the frame before it.
      List<List<Long>> sentAt = new ArrayList<>();
      CompletableFuture<Void> enough = new CompletableFuture<>();
      AtomicInteger connectionsDone = new AtomicInteger();
      loop.runOnContext(v -> {
        Shard onLoop = shard(loop, new SimpleMeterRegistry(), new CandleBook(CandleDepths.DEFAULT));
        AtomicInteger seq = new AtomicInteger();
        // A tick every 2 ms: every connection is owed a frame at each of its turns.
        loop.setPeriodic(2, t -> onLoop.onTicks(new TickBatch(List.of(new TickEvent("S0", seq.incrementAndGet(),
            System.currentTimeMillis(), "{\"symbol\":\"S0\"}".getBytes(StandardCharsets.UTF_8), null)))));
        IntervalGroup timed = new IntervalGroup(intervalMs, onLoop);
        for (int i = 0; i < n; i++) {
          FakeLink socket = new FakeLink();
          List<Long> times = new ArrayList<>();
          sentAt.add(times);
          ClientSession session = onLoop.open("c" + i, socket, Identity.ANONYMOUS, null);
          session.subscription = onLoop.subscriptions().acquire(Subscription.ALL);
          socket.onWrite = () -> {
            times.add(session.delivery.lastFrameNanos());
            if (times.size() == 6 && connectionsDone.incrementAndGet() == n) {
              enough.complete(null);
            }
          };
          timed.add(session);
        }
      });
      enough.get(30, TimeUnit.SECONDS);
      // Per round, the distinct ms the 50 connections were written at. A timer that fires late flushes
      // every slot due by then at once (the first round, on a cold loop, often does), and the next
      // rounds are back on their slots: the spread is judged on the round that shows it best.
      List<java.util.Set<Long>> roundMs = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        roundMs.add(new java.util.HashSet<>());
      }
      for (List<Long> times : sentAt) {
        List<Long> stamps = times.subList(1, 6); // the first entry is "never sent" (an hour ago)
        for (int j = 1; j < stamps.size(); j++) {
          long gap = stamps.get(j) - stamps.get(j - 1);
          assertTrue(gap >= intervalNanos, "never two frames within the interval: " + gap / 1e6 + " ms");
        }
        for (int round = 0; round < 5; round++) {
          roundMs.get(round).add(stamps.get(round) / MS);
        }
      }
      int spread = roundMs.stream().mapToInt(java.util.Set::size).max().orElse(0);
      assertTrue(spread >= 5, "50 connections flushed a slice at a time, not all at one instant: "
          + spread + " distinct ms at best, per round " + roundMs.stream().map(java.util.Set::size).toList());
    } finally {
      loop.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionThatMovesInIsSentAtTheFirstTurnAfterItsIntervalAndKeepsThatSlot() {
    long intervalNanos = INTERVAL_MS * MS;
    long slotNanos = intervalNanos / IntervalGroup.MAX_SLOTS;
    ClientSession s = connect(0);
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    long dueNanos = nanos + intervalNanos; // one interval after its last frame here
    group.remove(s); // a subscribe with another intervalMs: a group whose turns are running already
    nanos += 5 * slotNanos / 2;
    HandClock otherClock = new HandClock(() -> nanos, () -> ms);
    IntervalGroup other = new IntervalGroup(INTERVAL_MS, shard, otherClock);
    ClientSession already = connect(other, 1); // its turns start now: slot k's at now + (k + 1) slots
    other.add(s);

    int before = framesOf(s).size();
    List<Long> sentAt = new ArrayList<>();
    List<Integer> wakesBefore = new ArrayList<>();
    int wakes = 0;
    for (int seq = 2; sentAt.size() < 4 && seq < 10 * IntervalGroup.MAX_SLOTS; seq++) {
      ticks("S0:" + seq); // owed a frame at every turn
      nanos += Math.max(0, otherClock.armedDelayNanos());
      otherClock.fire();
      wakes++;
      if (framesOf(s).size() - before > sentAt.size()) {
        sentAt.add(nanos);
        wakesBefore.add(wakes);
      }
    }
    assertEquals(4, sentAt.size(), "four frames in ten rounds");
    assertTrue(sentAt.get(0) >= dueNanos + slotNanos && sentAt.get(0) < dueNanos + 2 * slotNanos,
        "sent at the first slot turn a slot after its interval had passed: " + (sentAt.get(0) - dueNanos) / 1e6 + " ms after");
    for (int j = 1; j < sentAt.size(); j++) {
      assertEquals(intervalNanos, sentAt.get(j) - sentAt.get(j - 1), "then an interval apart, at that slot's turn");
      assertEquals(IntervalGroup.MAX_SLOTS, wakesBefore.get(j) - wakesBefore.get(j - 1), "one wake per slot: none of its own");
    }
    other.remove(already);
    other.remove(s);
  }

  @Test
  void aConnectionThatMovesInToAGroupThatHadStoppedWaitsForItsIntervalThere() {
    ClientSession s = connect(0);
    ticks("S0:1");
    flushAfter(INTERVAL_MS);
    long dueNanos = nanos + INTERVAL_MS * MS;
    group.remove(s);
    HandClock otherClock = new HandClock(() -> nanos, () -> ms);
    IntervalGroup other = new IntervalGroup(INTERVAL_MS, shard, otherClock); // empty: its turns start with s
    other.add(s);
    ticks("S0:2");
    for (int wake = 0; wake < 2 * IntervalGroup.MAX_SLOTS && framesOf(s).size() < 2; wake++) {
      nanos += Math.max(0, otherClock.armedDelayNanos());
      otherClock.fire();
    }
    assertTrue(nanos >= dueNanos, "not within the interval of its last frame");
    assertEquals(List.of(List.of("S0:1"), List.of("S0:2")), updatesOf(s));
    other.remove(s);
  }
}
