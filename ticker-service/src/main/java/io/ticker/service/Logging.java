package io.ticker.service;

import java.util.logging.Level;
import java.util.logging.Logger;

/** One-line JDK logging, and Hazelcast's chatty INFO (every join attempt) kept out of the way. */
final class Logging {

  // JUL holds loggers weakly: keep the configured ones referenced.
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
  /** vertx-micrometer registers one event-bus gauge twice at start; Micrometer warns once, harmlessly. */
  private static final Logger METER_REGISTRY = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  private Logging() {
  }

  static void configure() {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    }
    if (HAZELCAST.getLevel() == null) {
      HAZELCAST.setLevel(Level.WARNING);
    }
    if (METER_REGISTRY.getLevel() == null) {
      METER_REGISTRY.setLevel(Level.SEVERE);
    }
  }
}
