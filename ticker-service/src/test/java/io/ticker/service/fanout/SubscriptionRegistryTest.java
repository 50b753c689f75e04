package io.ticker.service.fanout;

import static io.ticker.service.fanout.SubscriptionTest.ids;
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
    Subscription equal = Subscription.of(ids(2, 1));
    assertSame(first, registry.acquire(first));
    assertSame(first, registry.acquire(equal));
    assertNotSame(first, registry.acquire(Subscription.of(ids(1))));
  }

  @Test
  void anEmptySetIsNoneAndCountsForNothing() {
    assertSame(Subscription.NONE, registry.acquire(Subscription.of(ids())));
    assertSame(Subscription.NONE, registry.acquire(Subscription.NONE));
    assertFalse(registry.hasSubscribers(0));
    registry.release(Subscription.NONE);
    assertFalse(registry.hasSubscribers(0));
  }

  @Test
  void aSymbolHasSubscribersWhileAnySetHoldingItIsHeld() {
    Subscription a = registry.acquire(Subscription.of(ids(1, 2)));
    Subscription b = registry.acquire(Subscription.of(ids(2, 3)));
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
    Subscription first = registry.acquire(Subscription.of(ids(5)));
    registry.acquire(Subscription.of(ids(5)));
    registry.release(first);
    assertTrue(registry.hasSubscribers(5));
    assertSame(first, registry.acquire(Subscription.of(ids(5))), "still interned");
    registry.release(first);
    registry.release(first);
    assertFalse(registry.hasSubscribers(5));
    Subscription fresh = Subscription.of(ids(5));
    assertSame(fresh, registry.acquire(fresh), "forgotten once unused: a new instance is interned");
  }

  @Test
  void releasingWhatWasNeverAcquiredOrAlreadyReleasedChangesNoCount() {
    registry.release(Subscription.of(ids(1)));
    assertFalse(registry.hasSubscribers(1));
    Subscription held = registry.acquire(Subscription.of(ids(1)));
    registry.release(held);
    registry.release(held);
    assertFalse(registry.hasSubscribers(1));
    registry.acquire(Subscription.of(ids(1)));
    assertTrue(registry.hasSubscribers(1), "no count went negative");
  }

  @Test
  void allMakesEverySymbolSubscribedUntilReleased() {
    assertSame(Subscription.ALL, registry.acquire(Subscription.ALL));
    assertSame(Subscription.ALL, registry.acquire(Subscription.allOf(null)));
    assertTrue(registry.hasSubscribers(0));
    assertTrue(registry.hasSubscribers(1_000_000));
    registry.release(Subscription.ALL);
    assertTrue(registry.hasSubscribers(7), "one holder left");
    registry.release(Subscription.ALL);
    assertFalse(registry.hasSubscribers(7));
  }

  @Test
  void largeIdsGrowTheCounts() {
    Subscription far = registry.acquire(Subscription.of(ids(3, 10_000)));
    assertTrue(registry.hasSubscribers(10_000));
    assertFalse(registry.hasSubscribers(9_999));
    registry.release(far);
    assertFalse(registry.hasSubscribers(10_000));
  }
}
