package io.ticker.service;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * JDK logging for the service: one line per record, as readable text (the default) or as one JSON
 * object per line ({@code --log-format json}: time, level, logger, message, node, and session and
 * peer when the record is about one). Hazelcast's chatty INFO (every join attempt) is kept out of
 * the way.
 */
public final class Logging {

  // JUL holds loggers weakly: keep the configured ones referenced.
  private static final Logger ROOT = Logger.getLogger("");
  private static final Logger HAZELCAST = Logger.getLogger("com.hazelcast");
  /** vertx-micrometer registers one event-bus gauge twice at start; Micrometer warns once, harmlessly. */
  private static final Logger METER_REGISTRY = Logger.getLogger("io.micrometer.core.instrument.MeterRegistry");

  /** Node ids by Vert.x instance: a JVM normally runs one node, tests run several. */
  private static final Map<Vertx, String> NODES = new ConcurrentHashMap<>();
  /** For records logged off any node's threads (Hazelcast's, the JVM's): the last node configured. */
  private static volatile String defaultNode;

  private Logging() {
  }

  /** What a record is about: a client session and/or a peer (client or feed address); either may be null. */
  public record Subject(String session, String peer) {
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

  /**
   * Sets the format of the console handlers: JSON, or text. Text leaves a formatter configured
   * through {@code java.util.logging} properties alone; only the JDK's default SimpleFormatter (or
   * our JSON one, when a node in this JVM asked for it before) is replaced.
   */
  static synchronized void configure(LogFormat format, String nodeId) {
    configure();
    defaultNode = nodeId;
    for (Handler handler : ROOT.getHandlers()) {
      if (!(handler instanceof ConsoleHandler)) {
        continue;
      }
      Formatter current = handler.getFormatter();
      if (format == LogFormat.JSON) {
        if (!(current instanceof JsonFormatter)) {
          handler.setFormatter(new JsonFormatter());
        }
      } else if (current instanceof JsonFormatter || current == null || current.getClass() == SimpleFormatter.class) {
        handler.setFormatter(new TextFormatter());
      }
    }
  }

  static void nodeStarted(Vertx vertx, String nodeId) {
    NODES.put(vertx, nodeId);
  }

  static void nodeStopped(Vertx vertx) {
    NODES.remove(vertx);
  }

  /** Logs {@code message} about a session and/or peer (text: appended in brackets; JSON: fields). */
  public static void log(Logger logger, Level level, String message, String session, String peer) {
    if (!logger.isLoggable(level)) {
      return;
    }
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName(logger.getName());
    record.setSourceClassName(logger.getName());
    record.setParameters(new Object[] {new Subject(session, peer)});
    logger.log(record);
  }

  private static Subject subject(LogRecord record) {
    Object[] params = record.getParameters();
    return params != null && params.length == 1 && params[0] instanceof Subject s ? s : null;
  }

  /** The node a record belongs to: that of the Vert.x instance whose thread logs it. */
  private static String node() {
    Context context = Vertx.currentContext();
    String node = context == null ? null : NODES.get(context.owner());
    return node != null ? node : defaultNode;
  }

  /** The JDK's text line, with the session and peer appended when the record has them. */
  static final class TextFormatter extends SimpleFormatter {
    @Override
    public synchronized String formatMessage(LogRecord record) {
      Subject subject = subject(record);
      if (subject == null) {
        return super.formatMessage(record);
      }
      String message = record.getMessage() == null ? "" : record.getMessage();
      StringBuilder about = new StringBuilder();
      if (subject.session() != null) {
        about.append("session=").append(subject.session());
      }
      if (subject.peer() != null) {
        about.append(about.length() > 0 ? " " : "").append("peer=").append(subject.peer());
      }
      return about.length() == 0 ? message : message + " [" + about + "]";
    }
  }

  /** One JSON object per line: time (UTC), level, logger, message, node[, session][, peer][, thread, error]. */
  static final class JsonFormatter extends Formatter {
    @Override
    public String format(LogRecord record) {
      Subject subject = subject(record);
      String message = subject != null ? record.getMessage() : formatMessage(record);
      StringBuilder json = new StringBuilder(160);
      json.append("{\"time\":\"").append(Instant.ofEpochMilli(record.getMillis())).append('"');
      field(json, "level", level(record.getLevel()));
      field(json, "logger", record.getLoggerName());
      field(json, "message", message == null ? "" : message);
      field(json, "node", node());
      if (subject != null) {
        field(json, "session", subject.session());
        field(json, "peer", subject.peer());
      }
      field(json, "thread", Thread.currentThread().getName());
      if (record.getThrown() != null) {
        StringWriter trace = new StringWriter();
        record.getThrown().printStackTrace(new PrintWriter(trace));
        field(json, "error", trace.toString());
      }
      return json.append("}").append(System.lineSeparator()).toString();
    }

    /** The usual names: ERROR, WARN, INFO, DEBUG, TRACE. */
    static String level(Level level) {
      int v = level.intValue();
      if (v >= Level.SEVERE.intValue()) {
        return "ERROR";
      } else if (v >= Level.WARNING.intValue()) {
        return "WARN";
      } else if (v >= Level.INFO.intValue()) {
        return "INFO";
      } else if (v >= Level.FINE.intValue()) {
        return "DEBUG";
      }
      return "TRACE";
    }

    private static void field(StringBuilder json, String name, String value) {
      if (value == null) {
        return;
      }
      json.append(",\"").append(name).append("\":\"");
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '\n' -> json.append("\\n");
          case '\r' -> json.append("\\r");
          case '\t' -> json.append("\\t");
          default -> {
            if (c < 0x20 || c == 0x2028 || c == 0x2029) {
              json.append(String.format("\\u%04x", (int) c));
            } else {
              json.append(c);
            }
          }
        }
      }
      json.append('"');
    }
  }
}
