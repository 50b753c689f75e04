package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --log-format text|json} (TICKER_LOG_FORMAT): readable text by default, or one JSON object per line. */
class LogFormatTest {

  private static final Pattern BANNER_PORT = Pattern.compile("on http://[^:]+:(\\d+)/");

  @Test
  void textIsTheDefaultAndAnythingButTextOrJsonIsRefused() {
    assertEquals(LogFormat.TEXT, TickerMain.parse().logFormat());
    assertEquals(LogFormat.JSON, TickerMain.parse("--log-format", "json").logFormat());
    assertEquals(2, TickerMain.execute("--log-format", "xml"));
  }

  @Test
  void textLinesNameTheSessionAndPeerInBrackets() {
    Logging.configure(); // the service's line format, as at start-up
    LogRecord record = record(Level.INFO, "slow consumer", new Logging.Subject("s-1", "10.0.0.7:51234"));
    String line = new Logging.TextFormatter().format(record);
    assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO test\\.logger: slow consumer \\[session=s-1 peer=10\\.0\\.0\\.7:51234]\\R"), line);
    assertTrue(new Logging.TextFormatter().format(record(Level.WARNING, "plain", null)).contains("WARNING test.logger: plain"));
  }

  @Test
  void jsonEscapesWhatItMustAndOmitsWhatIsNotThere() {
    LogRecord record = record(Level.SEVERE, "say \"hi\"\n\tand \\ bye \u0001 {0}", new Logging.Subject(null, "ws://feed:9090/feed"));
    record.setThrown(new IllegalStateException("boom"));
    String line = new Logging.JsonFormatter().format(record);
    assertEquals(1, line.lines().count(), "one line: " + line);
    JsonObject json = new JsonObject(line);
    assertEquals("say \"hi\"\n\tand \\ bye \u0001 {0}", json.getString("message"), "the message as given, not a MessageFormat");
    assertEquals("ERROR", json.getString("level"));
    assertEquals("test.logger", json.getString("logger"));
    assertEquals("ws://feed:9090/feed", json.getString("peer"));
    assertNull(json.getString("session"));
    assertEquals(Instant.ofEpochMilli(record.getMillis()), Instant.parse(json.getString("time")));
    assertTrue(json.getString("error").startsWith("java.lang.IllegalStateException: boom"), json.getString("error"));
  }

  /**
   * A real service JVM with TICKER_LOG_FORMAT=json: every line it logs, from start to SIGTERM, is
   * one JSON object with time, level, logger, message and node; a client closed for flooding is
   * logged with its session (the one its welcome named) and its address.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aServiceStartedWithJsonLogsOnlyJsonObjects() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        TickerMain.class.getName(), "--http-host", "127.0.0.1", "--http-port", "0", "--node-id", "json-node", "--sim-symbols", "20");
    builder.environment().put("TICKER_LOG_FORMAT", "json");
    Process process = builder.start();
    List<String> stderr = new CopyOnWriteArrayList<>();
    List<String> stdout = new CopyOnWriteArrayList<>();
    Thread errReader = drain(process.getErrorStream(), stderr);
    drain(process.getInputStream(), stdout);
    String session = null;
    Vertx vertx = Vertx.vertx();
    try {
      TestSupport.until(() -> !process.isAlive() || stdout.stream().anyMatch(l -> BANNER_PORT.matcher(l).find()),
          Duration.ofSeconds(30), "the service's start line; stderr: " + stderr);
      assertTrue(process.isAlive(), "service exited: " + stderr);
      Matcher port = BANNER_PORT.matcher(stdout.stream().filter(l -> BANNER_PORT.matcher(l).find()).findFirst().orElseThrow());
      assertTrue(port.find());
      int httpPort = Integer.parseInt(port.group(1));
      TestSupport.until(() -> stderr.stream().anyMatch(l -> l.contains("feed connected")), Duration.ofSeconds(20), "feed connected");

      WsClient client = WsClient.connect(vertx, httpPort);
      session = client.next("welcome").getString("session");
      for (int n = 0; n < 100; n++) {
        client.blast("{\"op\":\"ping\"}");
      }
      assertEquals(1008, client.awaitClose(Duration.ofSeconds(10)));
      TestSupport.until(() -> stderr.stream().anyMatch(l -> l.contains("flooding")), Duration.ofSeconds(10), "the flood logged");
      client.close();
    } finally {
      process.destroy(); // SIGTERM to this PID: the shutdown is logged too
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      TestSupport.await(vertx.close());
    }
    errReader.join(5000);
    List<String> floods = stderr.stream().filter(l -> l.contains("flooding")).toList();
    assertEquals(1, floods.size(), "logged once: " + floods);
    JsonObject flood = new JsonObject(floods.get(0));
    assertEquals(session, flood.getString("session"));
    assertTrue(flood.getString("peer").startsWith("127.0.0.1:"), flood.encode());
    assertEquals("io.ticker.service.fanout.SessionOps", flood.getString("logger"));
    assertTrue(stderr.size() >= 3, "lines: " + stderr);
    for (String line : stderr) {
      JsonObject json;
      try {
        json = new JsonObject(line);
      } catch (DecodeException e) {
        fail("not a JSON object: " + line);
        return;
      }
      for (String field : List.of("time", "level", "logger", "message")) {
        assertNotNull(json.getString(field), field + " in " + line);
      }
      assertEquals("json-node", json.getString("node"), line);
      Instant.parse(json.getString("time"));
    }
  }

  private static LogRecord record(Level level, String message, Logging.Subject subject) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("test.logger");
    if (subject != null) {
      record.setParameters(new Object[] {subject});
    }
    return record;
  }

  private static Thread drain(InputStream stream, List<String> into) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          into.add(line);
        }
      } catch (java.io.IOException e) {
        // the process is gone
      }
    }, "log-reader");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
