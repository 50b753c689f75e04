package io.ticker.model;

/**
 * Fixed-point decimals: a price or size lives as a {@code long} count of its smallest unit (cents,
 * satoshis, shares) at a given scale (decimals), so arithmetic is exact and formatting never falls
 * into "1.0E-5". The feed simulator generates prices this way and the service parses the feed's
 * decimal strings back into it for candles.
 */
public final class Decimals {

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private Decimals() {
  }

  public static long pow10(int scale) {
    return POW10[scale];
  }

  /** How many units of {@code scale} decimals {@code value} is, rounded to the nearest unit. */
  public static long toUnits(double value, int scale) {
    return Math.round(value * POW10[scale]);
  }

  /** {@code units} with {@code scale} decimals as a plain decimal string: (12345, 2) → "123.45". */
  public static String format(long units, int scale) {
    StringBuilder out = new StringBuilder(24);
    appendTo(out, units, scale);
    return out.toString();
  }

  /** Appends {@link #format(long, int)}'s text without building a String. */
  public static void appendTo(StringBuilder out, long units, int scale) {
    if (scale == 0) {
      out.append(units);
      return;
    }
    if (units < 0) {
      out.append('-');
      units = -units;
    }
    long unit = POW10[scale];
    out.append(units / unit).append('.');
    long fraction = units % unit;
    for (long bound = unit / 10; bound > 1 && fraction < bound; bound /= 10) {
      out.append('0');
    }
    out.append(fraction);
  }

  /** The number of decimals of a plain decimal string ("123.45" → 2, "7" → 0), or -1 when it is not one. */
  public static int scaleOf(String text) {
    int n = text.length();
    int start = n > 0 && text.charAt(0) == '-' ? 1 : 0;
    int dot = -1;
    for (int i = start; i < n; i++) {
      char ch = text.charAt(i);
      if (ch == '.' && dot < 0 && i > start) {
        dot = i;
      } else if (ch < '0' || ch > '9') {
        return -1;
      }
    }
    if (n == start || dot == n - 1) {
      return -1;
    }
    return dot < 0 ? 0 : n - dot - 1;
  }

  /**
   * A plain decimal string as units of {@code scale} decimals, exactly: ("123.45", 4) → 1234500.
   * Throws {@link ArithmeticException} when the text has more decimals than {@code scale} (it would
   * have to be rounded) or does not fit a long, {@link NumberFormatException} when it is not a
   * plain decimal.
   */
  public static long parse(String text, int scale) {
    int decimals = scaleOf(text);
    if (decimals < 0) {
      throw new NumberFormatException("not a plain decimal: '" + text + "'");
    }
    if (decimals > scale) {
      throw new ArithmeticException(text + " has more than " + scale + " decimals");
    }
    boolean negative = text.charAt(0) == '-';
    long units = 0;
    for (int i = negative ? 1 : 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch != '.') {
        units = Math.addExact(Math.multiplyExact(units, 10), ch - '0');
      }
    }
    units = Math.multiplyExact(units, POW10[scale - decimals]);
    return negative ? -units : units;
  }
}
