package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  static BitSet ids(int... ids) {
    BitSet set = new BitSet();
    for (int id : ids) {
      set.set(id);
    }
    return set;
  }

  @Test
  void allContainsEverySymbolEvenLaterOnesAndNoneContainsNothing() {
    assertTrue(Subscription.ALL.all());
    assertFalse(Subscription.ALL.isEmpty());
    assertTrue(Subscription.ALL.contains(0));
    assertTrue(Subscription.ALL.contains(1_000_000));
    assertEquals(0, Subscription.ALL.ids().length);
    assertFalse(Subscription.NONE.all());
    assertTrue(Subscription.NONE.isEmpty());
    assertFalse(Subscription.NONE.contains(0));
    assertNotEquals(Subscription.ALL, Subscription.NONE);
    assertSame(Subscription.ALL, Subscription.allOf(null), "all of an unrestricted token is ALL");
  }

  @Test
  void anEmptySetIsNone() {
    assertSame(Subscription.NONE, Subscription.of(new BitSet()));
  }

  @Test
  void idsAreAscendingAndEqualSetsAreEqualButNotYetTheSameInstance() {
    Subscription a = Subscription.of(ids(7, 1, 3));
    Subscription b = Subscription.of(ids(3, 7, 1));
    assertArrayEquals(new int[] {1, 3, 7}, a.ids());
    assertEquals(3, a.size());
    assertTrue(a.contains(3));
    assertFalse(a.contains(2));
    assertFalse(a.contains(1_000));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotSame(a, b, "interning is the registry's job");
    assertNotEquals(a, Subscription.of(ids(1, 3)));
  }

  @Test
  void withAddsWithoutChangingTheOriginal() {
    Subscription a = Subscription.of(ids(1, 2));
    Subscription b = a.with(ids(2, 5));
    assertArrayEquals(new int[] {1, 2, 5}, b.ids());
    assertArrayEquals(new int[] {1, 2}, a.ids());
    assertFalse(a.contains(5));
    assertEquals(a, a.with(new BitSet()));
    assertSame(Subscription.NONE, Subscription.NONE.with(new BitSet()));
    assertArrayEquals(new int[] {4}, Subscription.NONE.with(ids(4)).ids());
  }

  @Test
  void withOnAllIsStillAll() {
    assertSame(Subscription.ALL, Subscription.ALL.with(ids(1, 2)));
  }

  @Test
  void withoutRemovesAndEndsAtNone() {
    Subscription a = Subscription.of(ids(1, 2, 3));
    assertArrayEquals(new int[] {1, 3}, a.without(ids(2, 9), 10).ids(), "ids not held are ignored");
    assertArrayEquals(new int[] {1, 2, 3}, a.ids());
    assertSame(Subscription.NONE, a.without(ids(1, 2, 3), 10));
    assertSame(Subscription.NONE, Subscription.NONE.without(ids(1), 10));
  }

  @Test
  void withoutOnAllExpandsTheUniverseFirst() {
    Subscription rest = Subscription.ALL.without(ids(1), 4);
    assertFalse(rest.all());
    assertArrayEquals(new int[] {0, 2, 3}, rest.ids());
    assertSame(Subscription.NONE, Subscription.ALL.without(new BitSet(), 0), "an empty universe leaves nothing");
  }

  @Test
  void countNewCountsOnlyIdsNotHeldAndLeavesTheCandidatesAlone() {
    Subscription a = Subscription.of(ids(1, 2));
    BitSet candidates = ids(1, 2, 5, 6);
    assertEquals(2, a.countNew(candidates));
    assertEquals(ids(1, 2, 5, 6), candidates);
    assertEquals(0, a.countNew(ids(2)));
    assertEquals(3, Subscription.NONE.countNew(ids(0, 1, 2)));
    assertEquals(0, Subscription.ALL.countNew(ids(0, 1, 2)), "all holds everything already");
  }
}
