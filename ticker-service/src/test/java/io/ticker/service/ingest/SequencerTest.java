package io.ticker.service.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.ticker.model.Tick;
import io.ticker.model.TickEncoder;
import io.ticker.model.Wire;
import io.ticker.service.bus.TickEvent;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private final Sequencer sequencer = new Sequencer();

  private static Tick tick(String symbol, long seq) {
    return new Tick(symbol, seq, 1_700_000_000_000L + seq, "100.5", "100.4", "100.6", "1", "99", "101", "98", "12345", "1.5", "1.51");
  }

  private static long seqOf(TickEvent event) throws Exception {
    return Wire.JSON.readTree(event.json()).get("seq").asLong();
  }

  @Test
  void aHealthyFeedKeepsItsUpstreamSeqsGapsIncluded() {
    assertEquals(7, sequencer.sequence(tick("A", 7)).seq());
    assertEquals(8, sequencer.sequence(tick("A", 8)).seq());
    assertEquals(20, sequencer.sequence(tick("A", 20)).seq());
  }

  @Test
  void aReplayOfTheLastUpstreamSeqIsDropped() {
    TickEvent first = sequencer.sequence(tick("A", 7));
    assertNull(sequencer.sequence(tick("A", 7)));
    assertSame(first, sequencer.latest().get(0));
  }

  @Test
  void onlyTheLastUpstreamSeqCountsAsAReplay() {
    sequencer.sequence(tick("A", 7));
    sequencer.sequence(tick("A", 8));
    TickEvent older = sequencer.sequence(tick("A", 7)); // not the last one: published, but never backwards
    assertNotNull(older);
    assertEquals(9, older.seq());
  }

  @Test
  void eachSymbolIsSequencedOnItsOwn() {
    sequencer.sequence(tick("A", 50));
    assertEquals(3, sequencer.sequence(tick("B", 3)).seq());
    assertNull(sequencer.sequence(tick("A", 50)));
    assertNotNull(sequencer.sequence(tick("B", 50)), "A's last seq is no replay for B");
  }

  @Test
  void aRestartedFeedCountingFromOneNeverSendsSeqBackwards() {
    sequencer.sequence(tick("A", 100));
    assertEquals(101, sequencer.sequence(tick("A", 1)).seq(), "max(upstream, last + 1)");
    assertEquals(102, sequencer.sequence(tick("A", 2)).seq());
    assertNull(sequencer.sequence(tick("A", 2)), "the restarted feed's own replay is dropped too");
    assertEquals(103, sequencer.sequence(tick("A", 3)).seq());
    assertEquals(500, sequencer.sequence(tick("A", 500)).seq(), "once upstream overtakes, its seq is used again");
  }

  @Test
  void aReplayAfterRestartOfTheOldLastSeqIsNotConfusedWithTheNewOne() {
    sequencer.sequence(tick("A", 100));
    sequencer.sequence(tick("A", 1)); // restarted, published as 101
    assertEquals(102, sequencer.sequence(tick("A", 100)).seq(), "100 is no longer the last upstream seq");
  }

  @Test
  void eachTickIsEncodedOnceWithTheSeqClientsSee() throws Exception {
    Tick healthy = tick("A", 100);
    TickEvent first = sequencer.sequence(healthy);
    assertArrayEquals(new TickEncoder().encode(healthy), first.json());
    assertEquals(100, seqOf(first));
    assertEquals(healthy.ts(), first.ts());
    assertEquals("A", first.symbol());

    TickEvent resequenced = sequencer.sequence(tick("A", 1));
    assertEquals(101, seqOf(resequenced), "the JSON carries the new seq, not the upstream one");
    assertArrayEquals(new TickEncoder().encode(tick("A", 1).withSeq(101)), resequenced.json());
    assertSame(resequenced, sequencer.latest().get(0), "the published event (and its bytes) is kept, not re-encoded");
    assertEquals("100.5", Wire.JSON.readTree(new String(resequenced.json(), StandardCharsets.UTF_8)).get("price").asText());
  }

  @Test
  void aBatchDropsReplaysAndKeepsFeedOrder() {
    sequencer.sequence(tick("A", 5));
    List<TickEvent> out = sequencer.sequence(List.of(tick("A", 5), tick("B", 1), tick("A", 6), tick("B", 1), tick("C", 9)));
    assertEquals(List.of("B:1", "A:6", "C:9"), out.stream().map(e -> e.symbol() + ":" + e.seq()).toList());
    assertEquals(List.of(), sequencer.sequence(List.of()));
  }

  @Test
  void seededTicksAreNotRepublishedAndLaterTicksCarryOn() {
    TickEvent known = new TickEvent("A", 50, 1L, "{\"seq\":50}".getBytes(StandardCharsets.UTF_8), null);
    sequencer.seed(List.of(known));
    assertNull(sequencer.sequence(tick("A", 50)), "the new leader's feed replays what the old leader published");
    assertEquals(51, sequencer.sequence(tick("A", 51)).seq());
  }

  @Test
  void aSeededSymbolWhoseFeedRestartedKeepsCountingUp() {
    sequencer.seed(List.of(new TickEvent("A", 50, 1L, new byte[0], null)));
    assertEquals(51, sequencer.sequence(tick("A", 1)).seq());
  }

  @Test
  void aSeededSymbolsReplayIsDroppedAlsoWhenTheOldLeaderHadRenumberedIt() {
    Sequencer old = new Sequencer();
    old.sequence(tick("A", 50));
    TickEvent renumbered = old.sequence(tick("A", 1)); // the feed restarted: published as 51
    sequencer.seed(List.of(renumbered));
    assertNull(sequencer.sequence(tick("A", 1)), "the feed's snapshot repeats upstream 1, which the cluster has as 51");
    assertEquals(52, sequencer.sequence(tick("A", 2)).seq());
    assertEquals(53, sequencer.sequence(new Tick("A", 3, tick("A", 2).ts(), "100.5", "100.4", "100.6", "1", "99", "101", "98",
        "12345", "1.5", "1.51")).seq(), "only the first tick after the seed can be a replay: the same trade again counts");
  }

  @Test
  void seedingKeepsTheHigherSeqAndNeverLowersWhatWasPublished() {
    TickEvent high = new TickEvent("A", 50, 1L, new byte[0], null);
    sequencer.seed(List.of(high, new TickEvent("A", 40, 1L, new byte[0], null)));
    assertSame(high, sequencer.latest().get(0));
    sequencer.sequence(tick("B", 70));
    sequencer.seed(List.of(new TickEvent("B", 60, 1L, new byte[0], null)));
    assertEquals(71, sequencer.sequence(tick("B", 60)).seq(), "60 is no replay: B's last upstream seq is still 70");
  }

  @Test
  void latestHoldsOneTickPerSymbol() {
    assertEquals(List.of(), sequencer.latest());
    sequencer.sequence(tick("A", 1));
    sequencer.sequence(tick("A", 2));
    sequencer.sequence(tick("B", 9));
    sequencer.seed(List.of(new TickEvent("C", 4, 1L, new byte[0], null)));
    List<TickEvent> latest = sequencer.latest().stream().sorted(Comparator.comparing(TickEvent::symbol)).toList();
    assertEquals(List.of("A:2", "B:9", "C:4"), latest.stream().map(e -> e.symbol() + ":" + e.seq()).toList());
  }
}
