package io.ticker.loadtest.connections;

/** One-line reasons from exception chains, for the console and the reports. */
public final class Causes {

  private Causes() {
  }

  /** The innermost cause's message (or its class name when it has none). */
  public static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /** The first throwable of {@code type} in the chain of {@code e}, or null. */
  public static <T extends Throwable> T cause(Throwable e, Class<T> type) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
