package io.ticker.model.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Lookup of an enum's constants by their wire names (ops, frame types). */
final class WireNames {

  private WireNames() {
  }

  static <E extends Enum<E>> Map<String, E> index(E[] values, Function<E, String> wire) {
    Map<String, E> byWire = new HashMap<>();
    for (E value : values) {
      byWire.put(wire.apply(value), value);
    }
    return Map.copyOf(byWire);
  }
}
