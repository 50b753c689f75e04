package io.ticker.model.protocol;

/** The {@code code} of an {@code error} frame (docs/protocol.md). */
public enum ErrorCode {
  BAD_JSON, BAD_REQUEST, UNKNOWN_OP, UNKNOWN_SYMBOL, LIMIT_EXCEEDED, RATE_LIMITED, UNAUTHORIZED, FORBIDDEN
}
