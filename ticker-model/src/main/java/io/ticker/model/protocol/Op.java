package io.ticker.model.protocol;

/** The operations a client sends ({@code "op"} field), by their wire names. */
public enum Op {
  SUBSCRIBE("subscribe"),
  UNSUBSCRIBE("unsubscribe"),
  SYMBOLS("symbols"),
  PING("ping"),
  AUTH("auth");

  private static final java.util.Map<String, Op> BY_WIRE = new java.util.HashMap<>();

  static {
    for (Op value : values()) {
      BY_WIRE.put(value.wire, value);
    }
  }

  private final String wire;

  Op(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The op named {@code wire}, or null. */
  public static Op fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
