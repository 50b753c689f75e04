package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** Connection limits, idle clients, shutdown and the command line. */
class LifecycleTest {

  @Test
  void shutdownClosesClientsWith1001() {
    TickerNode node = TestSupport.startNode("--sim-rate", "500");
    Vertx vertx = Vertx.vertx();
    try {
      WsClient client = WsClient.connect(vertx, node.httpPort());
      client.next("welcome");
      await(node.stop());
      assertEquals(1001, client.awaitClose(Duration.ofSeconds(10)));
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void connectionsOverTheLimitAreRefusedWith503() {
    TickerNode node = TestSupport.startNode("--sim-rate", "500", "--max-connections", "2");
    Vertx vertx = Vertx.vertx();
    try {
      WsClient a = WsClient.connect(vertx, node.httpPort());
      WsClient b = WsClient.connect(vertx, node.httpPort());
      AssertionError refused = assertThrows(AssertionError.class, () -> WsClient.connect(vertx, node.httpPort()));
      assertTrue(refused.getCause().getCause() instanceof UpgradeRejectedException u && u.getStatus() == 503, refused.toString());
      a.close();
      TestSupport.until(() -> {
        try {
          WsClient.connect(vertx, node.httpPort()).close();
          return true;
        } catch (AssertionError e) {
          return false;
        }
      }, Duration.ofSeconds(10), "a freed slot is usable again");
      b.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }

  @Test
  void silentClientsAreClosedWhileClientsAnsweringPingsStay() throws Exception {
    // One shard: one sweep judges every connection, so a silent connection opened after the
    // answering one being closed means the answering one was judged past the idle timeout too.
    TickerNode node = TestSupport.startNode("--sim-rate", "500", "--ping-interval-ms", "100", "--idle-timeout-ms", "500",
        "--fanout-instances", "1");
    Vertx vertx = Vertx.vertx();
    long start = System.nanoTime(); // before the server can have started the silent client's clock
    try (RawWebSocket silent = new RawWebSocket(node.httpPort(), 65536)) {
      WsClient answering = WsClient.connect(vertx, node.httpPort()); // Vert.x answers pings with pongs
      answering.next("welcome");
      int code = silent.readUntilClose();
      assertEquals(1000, code, "idle connection closed normally");
      // The server closes after more than 500 whole milliseconds of silence: at least 499 ms by any clock.
      assertTrue((System.nanoTime() - start) / 1_000_000 >= 499, "not before the idle timeout");
      // Instead of sleeping past the answering client's timeout: a second silent connection, opened
      // after it, is closed for idling, and the answering one still answers an op after that.
      try (RawWebSocket later = new RawWebSocket(node.httpPort(), 65536)) {
        assertEquals(1000, later.readUntilClose(), "the later silent connection is closed too");
      }
      answering.send("{\"op\":\"ping\",\"id\":\"still\"}");
      assertEquals("still", answering.next("pong").getString("id"));
      assertNull(answering.closeCode, "a client that answers pings stays connected");
      assertTrue(!answering.closed, "a client that answers pings stays connected");
      answering.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }

  @Test
  void badOptionsExitNonZeroWithAOneLineReason() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, TickerMain.execute("--http-port", "99999"));
      assertEquals(2, TickerMain.execute("--no-such-flag"));
      assertEquals(2, TickerMain.execute("--sim-rate", "lots"));
    } finally {
      System.setErr(original);
    }
    String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(3, lines.length, String.join("|", lines));
    assertTrue(lines[0].contains("--http-port must be 0..65535"), lines[0]);
    assertTrue(lines[1].contains("--no-such-flag"), lines[1]);
    assertThrows(ParameterException.class, () -> TickerMain.parse("--default-interval-ms", "10"));
    assertThrows(ParameterException.class, () -> TickerMain.parse("--transport", "dpdk"));
    assertThrows(ParameterException.class, () -> TickerMain.parse("--candle-depth-1m", "0"));
    assertThrows(ParameterException.class, () -> TickerMain.parse("--max-candle-streams-per-conn", "-1"));
    assertEquals(123, TickerMain.parse("--sim-rate", "123").simRate());
  }

  /** io_uring works on this project's machines (Linux 5.10+); the same protocol runs over it. */
  @Test
  void theIoUringTransportServesTheSameProtocol() {
    TickerNode node = TestSupport.startNode("--sim-rate", "500", "--transport", "io_uring");
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      assertEquals("io_uring", node.transportName());
      WsClient client = WsClient.connect(vertx, node.httpPort());
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      client.next("snapshot");
      client.next("update");
      assertEquals(200, TestSupport.get(node.httpPort(), "/api/candles?symbol=BTC-USD&tf=1s").status());
    } finally {
      TestSupport.await(node.stop());
      TestSupport.await(vertx.close());
    }
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, TickerMain.execute("--help"));
    } finally {
      System.setOut(original);
    }
    String help = out.toString(StandardCharsets.UTF_8);
    for (String flag : new String[] {"--http-port", "TICKER_HTTP_PORT", "--feed-url", "TICKER_FEED_URL", "--sim-rate", "TICKER_SIM_RATE",
        "--slow-consumer-grace-ms", "--max-connections", "--max-ops-per-sec", "--max-frame-bytes"}) {
      assertTrue(help.contains(flag), "help mentions " + flag);
    }
  }
}
