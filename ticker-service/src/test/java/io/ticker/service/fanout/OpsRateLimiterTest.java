package io.ticker.service.fanout;

import static io.ticker.service.fanout.OpsRateLimiter.Verdict.ACCEPT;
import static io.ticker.service.fanout.OpsRateLimiter.Verdict.CLOSE;
import static io.ticker.service.fanout.OpsRateLimiter.Verdict.REJECT;
import static io.ticker.service.fanout.OpsRateLimiter.Verdict.REJECT_AND_WARN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ticker.service.fanout.OpsRateLimiter.Verdict;
import org.junit.jupiter.api.Test;

class OpsRateLimiterTest {

  private static final long MS = 1_000_000L;
  /** nanoTime may be anywhere, negative included. */
  private static final long T0 = -5_000 * MS;

  private final OpsRateLimiter limiter = new OpsRateLimiter(10, T0);

  private void expect(Verdict verdict, int times, long now) {
    for (int i = 0; i < times; i++) {
      assertEquals(verdict, limiter.onOp(now), "op " + (i + 1) + " of " + times);
    }
  }

  @Test
  void aFullBucketTakesABurstOfPerSecondOpsAtOnce() {
    expect(ACCEPT, 10, T0);
    assertEquals(REJECT_AND_WARN, limiter.onOp(T0));
  }

  @Test
  void aFlooderIsWarnedOnceThenRejectedThenClosedAfterAnotherSecondsWorthOfOps() {
    expect(ACCEPT, 10, T0);
    assertEquals(REJECT_AND_WARN, limiter.onOp(T0));
    expect(REJECT, 9, T0);
    assertEquals(CLOSE, limiter.onOp(T0), "the 11th op past the limit");
    assertEquals(CLOSE, limiter.onOp(T0), "ops already in flight keep getting CLOSE");
  }

  @Test
  void theBucketRefillsOverTimeButOneTokenDoesNotForgiveAFlood() {
    expect(ACCEPT, 10, T0);
    expect(REJECT_AND_WARN, 1, T0);
    expect(REJECT, 5, T0);
    assertEquals(REJECT, limiter.onOp(T0 + 50 * MS), "half a token is not enough");
    assertEquals(ACCEPT, limiter.onOp(T0 + 100 * MS), "one token after 100 ms at 10/s");
    expect(REJECT, 3, T0 + 100 * MS); // warned once only: still the same flood
    assertEquals(CLOSE, limiter.onOp(T0 + 100 * MS), "the 11th op over the limit since the warning");
  }

  @Test
  void aClientThatBacksOffUntilTheBucketIsFullIsForgiven() {
    expect(ACCEPT, 10, T0);
    expect(REJECT_AND_WARN, 1, T0);
    expect(REJECT, 8, T0);
    long calm = T0 + 1_000 * MS; // a second without ops: a full bucket again
    expect(ACCEPT, 10, calm);
    assertEquals(REJECT_AND_WARN, limiter.onOp(calm), "a new flood is warned afresh");
    expect(REJECT, 9, calm);
    assertEquals(CLOSE, limiter.onOp(calm));
  }

  @Test
  void aPartialRefillDoesNotForgive() {
    expect(ACCEPT, 10, T0);
    expect(REJECT_AND_WARN, 1, T0);
    expect(REJECT, 8, T0);
    long later = T0 + 900 * MS; // 9 of 10 tokens back
    expect(ACCEPT, 9, later);
    assertEquals(REJECT, limiter.onOp(later));
    assertEquals(CLOSE, limiter.onOp(later));
  }

  @Test
  void aClientAtExactlyTheRateIsNeverRejected() {
    expect(ACCEPT, 10, T0);
    for (int i = 1; i <= 1_000; i++) {
      assertEquals(ACCEPT, limiter.onOp(T0 + i * 100 * MS), "op at " + i * 100 + " ms");
    }
  }

  @Test
  void idlingRefillsNoMoreThanOneBurst() {
    expect(ACCEPT, 10, T0);
    long later = T0 + 3_600_000 * MS;
    expect(ACCEPT, 10, later);
    assertEquals(REJECT_AND_WARN, limiter.onOp(later));
  }

  @Test
  void twiceTheRateIsClosedWithinAboutTwoSeconds() {
    Verdict last = null;
    long now = T0;
    int ops = 0;
    while (last != CLOSE && ops < 1_000) {
      last = limiter.onOp(now);
      ops++;
      now += 50 * MS; // 20 ops/s against 10/s
    }
    assertEquals(CLOSE, last);
    long seconds = (now - T0) / 1_000_000_000L;
    assertEquals(true, seconds >= 2 && seconds <= 3, "closed after " + (now - T0) / MS + " ms");
  }
}
