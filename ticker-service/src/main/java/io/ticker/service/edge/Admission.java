package io.ticker.service.edge;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may open a WebSocket on this node, decided at the upgrade, before any socket exists:
 * the Origin allowlist (cross-site WebSocket hijacking: 403), the per-address limit (429) and
 * the node's connection limit (503, so a client tries another node). Shared by every shard of
 * the node; touched once per handshake and once per close, never on the data path.
 */
public final class Admission {

  public enum Verdict {
    ADMIT(101), ORIGIN_REFUSED(403), ADDRESS_FULL(429), NODE_FULL(503);

    private final int httpStatus;

    Verdict(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  private final int maxConnections;
  private final int maxPerAddress;
  private final Set<String> allowedOrigins;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();

  /** {@code maxPerAddress} 0 = no limit; {@code allowedOrigins} empty = any origin (lower case). */
  public Admission(int maxConnections, int maxPerAddress, Set<String> allowedOrigins) {
    this.maxConnections = maxConnections;
    this.maxPerAddress = maxPerAddress;
    this.allowedOrigins = allowedOrigins;
  }

  /**
   * Counts a connection from {@code address} in, or says why not. A request without an Origin
   * header is not a browser's, and cross-site hijacking needs a browser: it is let through.
   * Every ADMIT must be paired with one {@link #release}.
   */
  public Verdict tryAdmit(String address, String origin) {
    if (!allowedOrigins.isEmpty() && origin != null && !allowedOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
      return Verdict.ORIGIN_REFUSED;
    }
    if (!increment(open, maxConnections)) {
      return Verdict.NODE_FULL;
    }
    if (maxPerAddress > 0) {
      boolean[] admitted = {false};
      perAddress.compute(address, (a, n) -> {
        int count = n == null ? 0 : n;
        admitted[0] = count < maxPerAddress;
        return admitted[0] ? count + 1 : n;
      });
      if (!admitted[0]) {
        open.decrementAndGet();
        return Verdict.ADDRESS_FULL;
      }
    }
    return Verdict.ADMIT;
  }

  public void release(String address) {
    open.decrementAndGet();
    if (maxPerAddress > 0) {
      perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Open connections on this node. */
  public int open() {
    return open.get();
  }

  private static boolean increment(AtomicInteger counter, int max) {
    while (true) {
      int now = counter.get();
      if (now >= max) {
        return false;
      }
      if (counter.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }
}
