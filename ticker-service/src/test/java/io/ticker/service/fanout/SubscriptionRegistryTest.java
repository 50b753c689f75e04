package io.ticker.service.fanout;

import static io.ticker.service.fanout.SubscriptionTest.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SubscriptionRegistryTest {

  private final SubscriptionRegistry registry = new SubscriptionRegistry();

  @Test
  void equalSetsAreInternedToTheFirstInstance() {
    Subscription first = Subscription.of(ids(1, 2));
    SharedSubscription held = registry.acquire(first);
    assertSame(first, held.set);
    assertSame(held, registry.acquire(Subscription.of(ids(2, 1))));
    assertEquals(2, held.holders);
    assertTrue(held.shared(), "two holders can share its frames");
    SharedSubscription other = registry.acquire(Subscription.of(ids(1)));
    assertNotSame(held, other);
    assertFalse(other.shared(), "a set of its own: no frame memo");
  }

  @Test
  void anEmptySetIsNoneAndCountsForNothing() {
    assertSame(SharedSubscription.NONE, registry.acquire(Subscription.of(ids())));
    assertSame(SharedSubscription.NONE, registry.acquire(Subscription.NONE));
    assertFalse(SharedSubscription.NONE.shared(), "never counted, so never memoized (it is shared by every shard)");
    assertFalse(registry.hasSubscribers(0));
    registry.release(SharedSubscription.NONE);
    assertFalse(registry.hasSubscribers(0));
  }

  @Test
  void aSymbolHasSubscribersWhileAnySetHoldingItIsHeld() {
    SharedSubscription a = registry.acquire(Subscription.of(ids(1, 2)));
    SharedSubscription b = registry.acquire(Subscription.of(ids(2, 3)));
    assertFalse(registry.hasSubscribers(0));
    assertTrue(registry.hasSubscribers(1));
    assertTrue(registry.hasSubscribers(2));
    assertTrue(registry.hasSubscribers(3));
    assertFalse(registry.hasSubscribers(4));
    assertFalse(registry.hasSubscribers(1_000_000), "ids beyond any subscription");
    registry.release(a);
    assertFalse(registry.hasSubscribers(1));
    assertTrue(registry.hasSubscribers(2), "still held by b");
    registry.release(b);
    assertFalse(registry.hasSubscribers(2));
    assertFalse(registry.hasSubscribers(3));
  }

  @Test
  void aSharedSetIsReleasedOnlyWhenItsLastHolderReleasesIt() {
    SharedSubscription first = registry.acquire(Subscription.of(ids(5)));
    registry.acquire(Subscription.of(ids(5)));
    registry.release(first);
    assertTrue(registry.hasSubscribers(5));
    assertSame(first, registry.acquire(Subscription.of(ids(5))), "still interned");
    registry.release(first);
    registry.release(first);
    assertFalse(registry.hasSubscribers(5));
    Subscription fresh = Subscription.of(ids(5));
    assertSame(fresh, registry.acquire(fresh).set, "forgotten once unused: a new instance is interned");
  }

  @Test
  void releasingWhatWasNeverAcquiredOrAlreadyReleasedChangesNoCount() {
    registry.release(new SharedSubscription(Subscription.of(ids(1))));
    assertFalse(registry.hasSubscribers(1));
    SharedSubscription held = registry.acquire(Subscription.of(ids(1)));
    registry.release(held);
    registry.release(held);
    assertFalse(registry.hasSubscribers(1));
    registry.acquire(Subscription.of(ids(1)));
    assertTrue(registry.hasSubscribers(1), "no count went negative");
  }

  @Test
  void allMakesEverySymbolSubscribedUntilReleased() {
    SharedSubscription all = registry.acquire(Subscription.ALL);
    assertSame(Subscription.ALL, all.set);
    assertSame(all, registry.acquire(Subscription.allOf(null)));
    assertTrue(registry.hasSubscribers(0));
    assertTrue(registry.hasSubscribers(1_000_000));
    registry.release(all);
    assertTrue(registry.hasSubscribers(7), "one holder left");
    registry.release(all);
    assertFalse(registry.hasSubscribers(7));
  }

  @Test
  void largeIdsGrowTheCounts() {
    SharedSubscription far = registry.acquire(Subscription.of(ids(3, 10_000)));
    assertTrue(registry.hasSubscribers(10_000));
    assertFalse(registry.hasSubscribers(9_999));
    registry.release(far);
    assertFalse(registry.hasSubscribers(10_000));
  }

  @Test
  void theFrameMemoAnswersOnlyTheSamePointOfTheSameCacheHead() {
    SharedSubscription held = registry.acquire(Subscription.of(ids(1)));
    assertFalse(held.memoFor(0, 0), "nothing built yet");
    held.memo(10, 7, null, 0);
    assertTrue(held.memoFor(10, 7));
    assertFalse(held.memoFor(11, 7), "new ticks arrived since it was built");
    assertFalse(held.memoFor(10, 6), "a connection further behind needs more");
  }
}
