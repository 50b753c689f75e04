package io.ticker.service.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for a condition instead of sleeping a fixed time: the one polling loop of every module's tests. */
public final class Wait {

  private Wait() {
  }

  /** Polls {@code condition} every 10 ms until it holds; fails naming {@code what} after {@code timeout}. */
  public static void until(BooleanSupplier condition, Duration timeout, String what) {
    until(condition, timeout, what, () -> "");
  }

  /** As above; a failure also says what {@code seen} reports then (what the test was looking at). */
  public static void until(BooleanSupplier condition, Duration timeout, String what, Supplier<String> seen) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        String state;
        try {
          state = seen.get();
        } catch (RuntimeException e) {
          state = "(could not tell: " + e + ")";
        }
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what + (state.isEmpty() ? "" : "; seen: " + state));
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
