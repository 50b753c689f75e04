package io.ticker.service.fanout;

/**
 * Token bucket of client operations per connection: {@code perSecond} ops/s sustained, bursts of
 * up to {@code perSecond}. A client told {@code RATE_LIMITED} that keeps sending for about another
 * second's worth of ops is a flooder and gets closed (1008). Ops over the limit are counted until
 * the bucket is full again (the client backed off), not just until the next refilled token: a
 * client flooding at twice the rate is closed too, not warned on every other op for ever.
 */
final class OpsRateLimiter {

  enum Verdict { ACCEPT, REJECT_AND_WARN, REJECT, CLOSE }

  private final double perSecond;
  private double tokens;
  private long lastRefillNanos;
  private int strikes;

  OpsRateLimiter(int perSecond, long nowNanos) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.lastRefillNanos = nowNanos;
  }

  Verdict onOp(long nowNanos) {
    tokens = Math.min(perSecond, tokens + (nowNanos - lastRefillNanos) * perSecond / 1e9);
    lastRefillNanos = nowNanos;
    if (tokens >= perSecond) {
      strikes = 0; // a full bucket again: it calmed down, so a new flood is warned afresh
    }
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ACCEPT;
    }
    strikes++;
    if (strikes == 1) {
      return Verdict.REJECT_AND_WARN;
    }
    return strikes > perSecond ? Verdict.CLOSE : Verdict.REJECT;
  }
}
