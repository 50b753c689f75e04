package io.ticker.model.protocol;

/** The operations a client sends ({@code "op"} field), by their wire names. */
public enum Op {
  SUBSCRIBE("subscribe"),
  UNSUBSCRIBE("unsubscribe"),
  SYMBOLS("symbols"),
  PING("ping"),
  AUTH("auth"),
  CANDLES("candles"),
  UNCANDLES("uncandles");

  private final String wire;

  Op(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The op named {@code wire}, or null. */
  public static Op fromWire(String wire) {
    return wire == null ? null : ByWire.INDEX.get(wire);
  }

  /** Built on first lookup, after every constant exists. */
  private static final class ByWire {
    static final java.util.Map<String, Op> INDEX = WireNames.index(values(), Op::wire);
  }
}
