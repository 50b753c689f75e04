package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a stranger can do to a node before any token: cross-site upgrades (Origin), many sockets
 * from one address, slow or huge requests; and what the public port no longer shows when a
 * management port is set.
 */
class ExposureTest {

  static TickerNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestSupport.startNode("--sim-rate", "500", "--sim-symbols", "20", "--sim-seed", "3",
        "--allowed-origins", "https://trade.example,http://localhost:8080", "--max-connections-per-ip", "3",
        "--http-request-timeout-ms", "700", "--max-request-line-bytes", "512", "--management-port", "0");
    clients = Vertx.vertx();
    TestSupport.until(() -> TestSupport.get(node.managementPort(), "/health/ready").status() == 200,
        Duration.ofSeconds(15), "node ready");
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(clients.close());
  }

  private static int upgrade(String... headers) {
    return WsClient.upgradeStatus(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort(), headers));
  }

  @Test
  void onlyListedOriginsMayUpgradeAndNonBrowsersWithoutOriginMay() {
    assertEquals(101, upgrade("Origin", "https://trade.example"));
    assertEquals(101, upgrade("Origin", "HTTPS://TRADE.EXAMPLE"));
    assertEquals(403, upgrade("Origin", "https://evil.example"));
    assertEquals(403, upgrade("Origin", "https://trade.example.evil.example"));
    assertEquals(101, upgrade());
  }

  @Test
  void oneAddressGetsAtMostItsShareOfConnections() {
    TestSupport.until(() -> TestSupport.metric(node.managementPort(), "ticker_connections") == 0, Duration.ofSeconds(5), "no connections");
    WsClient a = WsClient.connect(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort()));
    WsClient b = WsClient.connect(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort()));
    WsClient c = WsClient.connect(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort()));
    try {
      a.next("welcome");
      assertEquals(429, upgrade());
      c.close();
      TestSupport.until(() -> TestSupport.metric(node.managementPort(), "ticker_connections") == 2, Duration.ofSeconds(5), "one released");
      assertEquals(101, upgrade(), "a place freed by a close is usable again");
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void aSlowlorisIsCutOffWhileOthersAreServed() throws Exception {
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5000);
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      InputStream in = slow.getInputStream();
      out.write("GET /api/symbols HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      int eof = -2;
      // A header line every 100 ms, never the blank line that ends the request.
      for (int i = 0; i < 100 && eof == -2; i++) {
        try {
          out.write(("X-Trickle-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          slow.setSoTimeout(100);
          eof = in.read();
        } catch (SocketTimeoutException e) {
          // still open
        } catch (IOException e) {
          eof = -1; // reset by the server
        }
        assertEquals(200, TestSupport.get(node.managementPort(), "/health/live").status(), "others are served meanwhile");
      }
      long after = System.currentTimeMillis() - start;
      assertEquals(-1, eof, "the server closed the trickling connection");
      assertTrue(after >= 600 && after < 5000, "closed after the 700 ms request timeout, took " + after);
    }
  }

  @Test
  void anOverlongRequestLineIsRefused() throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", node.httpPort()), 5000);
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(("GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertTrue(status.matches("HTTP/1\\.[01] 414"), status);
    }
  }

  @Test
  void metricsAndHealthLiveOnTheManagementPortOnly() {
    assertEquals(404, TestSupport.get(node.httpPort(), "/metrics").status());
    assertEquals(404, TestSupport.get(node.httpPort(), "/health/ready").status());
    assertTrue(TestSupport.get(node.managementPort(), "/metrics").body().contains("ticker_connections"));
    assertEquals(200, TestSupport.get(node.managementPort(), "/health/ready").status());
    assertEquals(404, TestSupport.get(node.managementPort(), "/api/symbols").status(), "no data on the management port");
    assertEquals(200, TestSupport.get(node.httpPort(), "/api/symbols").status());
  }
}
