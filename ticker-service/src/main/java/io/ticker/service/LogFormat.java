package io.ticker.service;

import java.util.Locale;

/** How log lines look ({@code --log-format}): readable text, or one JSON object per line. */
public enum LogFormat {
  TEXT, JSON;

  /** {@code text} or {@code json} (any case); null for anything else. */
  public static LogFormat parse(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> null;
    };
  }
}
