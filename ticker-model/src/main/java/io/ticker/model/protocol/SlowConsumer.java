package io.ticker.model.protocol;

/**
 * The slow-consumer rule, the same for the feed simulator's consumers and the service's clients:
 * a consumer found behind (its write queue full, or not answering) is conflated or skipped, and
 * one that stays behind for longer than the grace period is closed with
 * {@link CloseCode#TRY_AGAIN_LATER} (1013). One instance per consumer, on its event loop.
 */
public final class SlowConsumer {

  private final long graceMs;
  /** When the consumer was first found behind in the current stall; -1 while keeping up. */
  private long behindSinceMs = -1;

  public SlowConsumer(long graceMs) {
    this.graceMs = graceMs;
  }

  /** It kept up (or caught up): the next stall starts its own clock. */
  public void keptUp() {
    if (behindSinceMs >= 0) { // read, not written, while it keeps up: every flush of every connection asks
      behindSinceMs = -1;
    }
  }

  /** It is behind at {@code nowMs}: true once it has been behind for longer than the grace (close it). */
  public boolean behindTooLong(long nowMs) {
    if (behindSinceMs < 0) {
      behindSinceMs = nowMs;
      return false;
    }
    return nowMs - behindSinceMs > graceMs;
  }

  /** How long the current stall has lasted (0 while keeping up). */
  public long behindForMs(long nowMs) {
    return behindSinceMs < 0 ? 0 : nowMs - behindSinceMs;
  }
}
