package io.ticker.service;

/** Parses durations given on the command line: {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, or plain seconds. */
public final class DurationOption {

  private DurationOption() {
  }

  public static long seconds(String text) {
    String s = text.trim().toLowerCase();
    long unit = 1;
    if (s.endsWith("s")) {
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("m")) {
      unit = 60;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("h")) {
      unit = 3600;
      s = s.substring(0, s.length() - 1);
    } else if (s.endsWith("d")) {
      unit = 86_400;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long value = Long.parseLong(s.trim()) * unit;
      if (value <= 0 || value > 366L * 86_400) {
        throw new IllegalArgumentException("must be between 1s and 366d, got " + text);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration (90s, 15m, 1h, 7d): " + text);
    }
  }
}
