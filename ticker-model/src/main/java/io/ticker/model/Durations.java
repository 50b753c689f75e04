package io.ticker.model;

/** Durations given on a command line: {@code 500ms}, {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, or bare seconds. */
public final class Durations {

  private Durations() {
  }

  /** {@code text} in milliseconds; throws {@link IllegalArgumentException} with a one-line reason naming {@code flag}. */
  public static long millis(String flag, String text) {
    String s = text == null ? "" : text.trim().toLowerCase();
    try {
      if (s.endsWith("ms")) {
        return Long.parseLong(s.substring(0, s.length() - 2).trim());
      }
      long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
        case 's' -> 1000L;
        case 'm' -> 60_000L;
        case 'h' -> 3_600_000L;
        case 'd' -> 86_400_000L;
        default -> 0L;
      };
      String number = unit == 0 ? s : s.substring(0, s.length() - 1).trim();
      return Math.round(Double.parseDouble(number) * (unit == 0 ? 1000L : unit));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must look like 60s, 2m, 1h or 500ms, got '" + text + "'");
    }
  }
}
