package io.ticker.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** A request the server refuses with an {@code error} frame; the connection stays open. */
public final class ProtocolException extends Exception {

  private final ErrorCode code;
  private final transient JsonNode id;

  public ProtocolException(ErrorCode code, JsonNode id, String message) {
    super(message, null, false, false);
    this.code = code;
    this.id = id;
  }

  public ErrorCode code() {
    return code;
  }

  public JsonNode id() {
    return id;
  }
}
