package io.ticker.service.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Counts refused tokens ({@code ticker_auth_failures_total{reason}}) and logs them with the peer
 * address, at most {@link #LINES_PER_SECOND} lines a second across the node: a flood of bad
 * tokens cannot fill the disk, and the next line says how many were left out. Never logs a token.
 */
public final class AuthAudit {

  static final int LINES_PER_SECOND = 5;
  private static final Logger LOG = Logger.getLogger(AuthAudit.class.getName());

  private final Map<AuthFailure.Reason, Counter> failures = new EnumMap<>(AuthFailure.Reason.class);
  private final AtomicLong windowStartMs = new AtomicLong();
  private final AtomicInteger linesInWindow = new AtomicInteger();
  private final AtomicInteger suppressed = new AtomicInteger();

  public AuthAudit(MeterRegistry registry) {
    for (AuthFailure.Reason reason : AuthFailure.Reason.values()) {
      failures.put(reason, Counter.builder("ticker.auth.failures").tag("reason", reason.label())
          .description("Requests and connections refused for want of a valid token, by reason").register(registry));
    }
  }

  /** {@code where} is "ws" or the HTTP path; {@code peer} the remote address. */
  public void failed(AuthFailure failure, String where, String peer) {
    failures.get(failure.reason()).increment();
    long now = System.currentTimeMillis();
    long start = windowStartMs.get();
    if (now - start >= 1000 && windowStartMs.compareAndSet(start, now)) {
      linesInWindow.set(0);
    }
    if (linesInWindow.incrementAndGet() > LINES_PER_SECOND) {
      suppressed.incrementAndGet();
      return;
    }
    int left = suppressed.getAndSet(0);
    LOG.warning("auth failure (" + failure.reason().label() + ") on " + where + " from " + peer + ": " + failure.getMessage()
        + (left > 0 ? " [" + left + " more not logged]" : ""));
  }
}
