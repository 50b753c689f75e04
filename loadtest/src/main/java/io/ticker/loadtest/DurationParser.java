package io.ticker.loadtest;

/** "60s", "2m", "500ms", "1h" or a bare number of seconds, in milliseconds. */
public final class DurationParser {

  private DurationParser() {
  }

  static long millis(String text) {
    return millis("--duration", text);
  }

  public static long millis(String flag, String text) {
    String s = text == null ? "" : text.trim().toLowerCase();
    try {
      if (s.endsWith("ms")) {
        return Long.parseLong(s.substring(0, s.length() - 2).trim());
      }
      if (s.endsWith("s")) {
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000);
      }
      if (s.endsWith("m")) {
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 60_000);
      }
      if (s.endsWith("h")) {
        return Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 3_600_000);
      }
      return Math.round(Double.parseDouble(s) * 1000);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must look like 60s, 2m or 500ms, got '" + text + "'");
    }
  }
}
