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
  CANDLES("candles"),
  CANDLE("candle"),
  UNCANDLED("uncandled"),
  ERROR("error");

  private final String wire;

  FrameType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The frame type named {@code wire}, or null for one this version does not know. */
  public static FrameType fromWire(String wire) {
    return wire == null ? null : ByWire.INDEX.get(wire);
  }

  /** Built on first lookup, after every constant exists. */
  private static final class ByWire {
    static final java.util.Map<String, FrameType> INDEX = WireNames.index(values(), FrameType::wire);
  }
}
