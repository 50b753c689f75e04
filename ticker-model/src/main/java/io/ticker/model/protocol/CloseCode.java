package io.ticker.model.protocol;

/** RFC 6455 close codes of the protocol (docs/protocol.md: limits and closes). */
public final class CloseCode {
  /** Idle timeout, or a client that is done. */
  public static final short NORMAL = 1000;
  /** Server (or feed) shutting down. */
  public static final short GOING_AWAY = 1001;
  /** A binary frame. */
  public static final short UNSUPPORTED_DATA = 1003;
  /** Flooding after RATE_LIMITED; no valid token in time; a bad or expired token. */
  public static final short POLICY_VIOLATION = 1008;
  /** A frame over the size limit. */
  public static final short MESSAGE_TOO_BIG = 1009;
  /** A consumer that could not keep up for longer than the grace period. */
  public static final short TRY_AGAIN_LATER = 1013;

  private CloseCode() {
  }
}
