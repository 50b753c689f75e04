package io.ticker.sim;

/**
 * Fixed-point helpers: every price and size lives as a {@code long} count of its smallest unit
 * (cents, satoshis, shares), so formatting is exact and never falls into "1.0E-5".
 */
final class Decimals {

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  private Decimals() {
  }

  static long pow10(int scale) {
    return POW10[scale];
  }

  /** How many units of {@code scale} decimals {@code value} is, rounded to the nearest unit. */
  static long toUnits(double value, int scale) {
    return Math.round(value * POW10[scale]);
  }

  /** {@code units} with {@code scale} decimals as a plain decimal string: (12345, 2) → "123.45". */
  static String format(long units, int scale) {
    if (scale == 0) {
      return Long.toString(units);
    }
    StringBuilder out = new StringBuilder(24);
    if (units < 0) {
      out.append('-');
      units = -units;
    }
    long unit = POW10[scale];
    out.append(units / unit).append('.');
    String fraction = Long.toString(units % unit);
    for (int pad = scale - fraction.length(); pad > 0; pad--) {
      out.append('0');
    }
    return out.append(fraction).toString();
  }
}
