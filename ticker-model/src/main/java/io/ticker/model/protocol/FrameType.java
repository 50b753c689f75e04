package io.ticker.model.protocol;

/** The frames the server sends ({@code "type"} field), by their wire names. */
public enum FrameType {
  WELCOME("welcome"),
  SUBSCRIBED("subscribed"),
  UNSUBSCRIBED("unsubscribed"),
  SYMBOLS("symbols"),
  PONG("pong"),
  AUTHED("authed"),
  SNAPSHOT("snapshot"),
  UPDATE("update"),
  STATUS("status"),
  ERROR("error");

  private static final java.util.Map<String, FrameType> BY_WIRE = new java.util.HashMap<>();

  static {
    for (FrameType value : values()) {
      BY_WIRE.put(value.wire, value);
    }
  }

  private final String wire;

  FrameType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The frame type named {@code wire}, or null for one this version does not know. */
  public static FrameType fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
