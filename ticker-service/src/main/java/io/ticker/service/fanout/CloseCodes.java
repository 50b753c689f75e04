package io.ticker.service.fanout;

/** RFC 6455 close codes the server uses (SPEC: limits and closes). */
final class CloseCodes {
  static final short NORMAL = 1000;
  static final short GOING_AWAY = 1001;
  static final short UNSUPPORTED_DATA = 1003;
  static final short POLICY_VIOLATION = 1008;
  static final short MESSAGE_TOO_BIG = 1009;
  static final short TRY_AGAIN_LATER = 1013;

  private CloseCodes() {
  }
}
