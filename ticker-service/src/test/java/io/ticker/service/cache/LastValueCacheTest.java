package io.ticker.service.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.bus.TickEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class LastValueCacheTest {

  private final SymbolDirectory directory = new SymbolDirectory();
  private final LastValueCache cache = new LastValueCache(directory);

  private static TickEvent tick(String symbol, long seq) {
    return new TickEvent(symbol, seq, 1_000 + seq, ("{\"symbol\":\"" + symbol + "\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8), null);
  }

  private static String symbol(int i) {
    return "S" + i;
  }

  private String json(int id) {
    TickJsonSlab slab = cache.json();
    return new String(slab.bytes(), slab.offset(id), slab.length(id), StandardCharsets.UTF_8);
  }

  private List<Integer> changedSince(long since) {
    List<Integer> ids = new ArrayList<>();
    cache.forEachChangedSince(since, ids::add);
    return ids;
  }

  @Test
  void anEmptyCacheIsAtVersionZeroAndKnowsNoSymbol() {
    assertEquals(0, cache.head());
    assertNull(cache.latest(0));
    assertEquals(0, cache.versionOf(0));
    assertNull(cache.latest(1_000_000), "ids beyond the arrays are simply unknown");
    assertEquals(0, cache.versionOf(1_000_000));
    assertEquals(List.of(), changedSince(0));
  }

  @Test
  void eachAcceptedTickBumpsTheHeadAndIsStampedWithIt() {
    assertEquals(0, cache.accept(tick("A", 1)));
    assertEquals(1, cache.accept(tick("B", 1)));
    assertEquals(2, cache.head());
    assertEquals(1, cache.versionOf(0));
    assertEquals(2, cache.versionOf(1));
    assertEquals(1, cache.latest(1).seq());
  }

  @Test
  void aNewerSeqReplacesTheLatestAndTakesANewVersion() {
    cache.accept(tick("A", 1));
    cache.accept(tick("B", 1));
    TickEvent newer = tick("A", 5);
    assertEquals(0, cache.accept(newer));
    assertSame(newer, cache.latest(0));
    assertEquals(new String(newer.json(), StandardCharsets.UTF_8), json(0), "the frames' bytes are the latest tick's");
    assertEquals(newer.ts(), cache.tsOf(0));
    assertEquals(3, cache.versionOf(0));
    assertEquals(3, cache.head());
  }

  @Test
  void aStaleOrDuplicateSeqIsRefusedAndChangesNothing() {
    TickEvent kept = tick("A", 5);
    cache.accept(kept);
    assertEquals(-1, cache.accept(tick("A", 5)), "duplicate");
    assertEquals(-1, cache.accept(tick("A", 4)), "stale");
    assertEquals(-1, cache.accept(tick("A", Long.MIN_VALUE)));
    assertSame(kept, cache.latest(0));
    assertEquals(new String(kept.json(), StandardCharsets.UTF_8), json(0), "a refused tick's bytes never reach a frame");
    assertEquals(kept.ts(), cache.tsOf(0));
    assertEquals(1, cache.head());
    assertEquals(1, cache.versionOf(0));
    assertEquals(List.of(), changedSince(1));
  }

  @Test
  void aSymbolNeverSeenIsAcceptedWhateverItsSeqAndOthersAreUnaffected() {
    cache.accept(tick("A", 100));
    assertEquals(1, cache.accept(tick("B", 0)));
    assertEquals(100, cache.latest(0).seq());
    int quiet = directory.idOf("NEVER-TICKED");
    assertNull(cache.latest(quiet));
    assertEquals(0, cache.versionOf(quiet));
    assertEquals(List.of(0, 1), changedSince(0));
  }

  @Test
  void changesSinceAVersionNameEachSymbolOnceAtItsLatestVersion() {
    cache.accept(tick("A", 1)); // v1
    cache.accept(tick("B", 1)); // v2
    cache.accept(tick("A", 2)); // v3
    cache.accept(tick("C", 1)); // v4
    directory.idOf("D"); // known, never ticked
    for (int i = 0; i < 100; i++) {
      directory.idOf(symbol(i)); // a universe larger than these windows: they walk the ring
    }
    assertEquals(List.of(1, 0, 2), changedSince(0), "in version order, A only at v3");
    assertEquals(List.of(0, 2), changedSince(2));
    assertEquals(List.of(2), changedSince(3));
    assertEquals(List.of(), changedSince(4), "nothing since the head");
    assertEquals(List.of(), changedSince(99), "a version beyond the head");
  }

  @Test
  void aWindowAsLongAsTheUniverseScansAndNamesEachSymbolOnce() {
    cache.accept(tick("A", 1));
    cache.accept(tick("B", 1));
    cache.accept(tick("A", 2));
    directory.idOf("D"); // known, never ticked
    assertEquals(List.of(0, 1), changedSince(0), "3 changes, 3 symbols: a scan, in id order");
    assertEquals(List.of(0), changedSince(2));
  }

  @Test
  void theRingWrapsManyTimesAndEveryWindowAnswersLikeABruteForceScan() {
    int universe = 100; // ring of 128 entries: windows of 1..99 walk it, longer ones scan
    for (int i = 0; i < universe; i++) {
      directory.idOf(symbol(i));
    }
    Map<Integer, Long> versionOf = new HashMap<>();
    long[] seq = new long[universe];
    Random random = new Random(42);
    long head = 0;
    for (int n = 0; n < 1_000; n++) {
      int id = random.nextInt(10) < 7 ? random.nextInt(8) : random.nextInt(universe); // some hot, some cold
      assertEquals(id, cache.accept(tick(symbol(id), ++seq[id])));
      versionOf.put(id, ++head);
    }
    assertEquals(head, cache.head());
    for (long since = 0; since <= head; since++) {
      TreeSet<Integer> expected = new TreeSet<>();
      for (Map.Entry<Integer, Long> e : versionOf.entrySet()) {
        if (e.getValue() > since) {
          expected.add(e.getKey());
        }
      }
      List<Integer> got = changedSince(since);
      assertEquals(expected.size(), got.size(), "no symbol twice, since " + since);
      assertEquals(expected, new TreeSet<>(got), "since " + since);
    }
  }

  @Test
  void aWindowOfExactlyTheRingSizeIsWalkedAcrossTheWrap() {
    for (int i = 0; i < 200; i++) {
      directory.idOf(symbol(i)); // a universe larger than the window, so the ring is used
    }
    for (int i = 0; i < 128; i++) { // ids 0..127: the ring stays at 128
      cache.accept(tick(symbol(i), 1));
    }
    long since = cache.head() - 5;
    for (int i = 0; i < 128; i++) {
      cache.accept(tick(symbol(i), 2)); // wraps: every slot overwritten once
    }
    // 128 + 5 changes since `since`: more than the ring holds, so this must scan
    assertEquals(128, changedSince(since).size());
    List<Integer> lastRingful = changedSince(cache.head() - 128);
    assertEquals(128, lastRingful.size());
    assertEquals(0, lastRingful.get(0), "walked in version order from the oldest slot still valid");
    assertEquals(127, lastRingful.get(127));
  }

  @Test
  void moreChangesThanTheRingHoldsFallBackToAScan() {
    for (int i = 0; i < 300; i++) {
      directory.idOf(symbol(i)); // described by the feed, most never ticked
    }
    for (int n = 1; n <= 150; n++) { // 150 changes of 10 symbols: more than the ring's 128 entries
      cache.accept(tick(symbol(n % 10), n));
    }
    List<Integer> got = changedSince(0);
    assertEquals(new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)), new TreeSet<>(got));
    assertEquals(10, got.size());
  }

  @Test
  void aScanCoversDescribedSymbolsThatNeverTicked() {
    for (int i = 0; i < 1_000; i++) {
      directory.idOf(symbol(i)); // the feed's universe, described up front
    }
    for (int n = 1; n <= 1_000; n++) { // as many changes as the universe: a scan
      cache.accept(tick(symbol(n % 3), n));
    }
    assertEquals(new TreeSet<>(List.of(0, 1, 2)), new TreeSet<>(changedSince(0)));
  }

  @Test
  void growingTheUniverseRegrowsTheRingAndOlderWindowsScan() {
    for (int i = 0; i < 10; i++) {
      cache.accept(tick(symbol(i), 1));
    }
    long before = cache.head();
    for (int i = 10; i < 500; i++) { // id 128 onwards regrows the ring
      cache.accept(tick(symbol(i), 1));
    }
    cache.accept(tick(symbol(3), 2));
    List<Integer> sinceBefore = changedSince(before);
    assertEquals(491, sinceBefore.size());
    assertTrue(sinceBefore.contains(3));
    assertTrue(!sinceBefore.contains(4));
    assertEquals(List.of(499, 3), changedSince(cache.head() - 2), "recent windows walk the new ring");
    for (int i = 0; i < 500; i++) {
      assertEquals(i == 3 ? 2 : 1, cache.latest(i).seq(), "ticks survive the regrowth");
      assertEquals(new String(cache.latest(i).json(), StandardCharsets.UTF_8), json(i), "and their bytes");
      assertEquals(cache.latest(i).ts(), cache.tsOf(i));
    }
  }
}
