package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.testing.TestPki;
import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS and WSS on the public port with real handshakes against a CA made for the test, and certificate rotation. */
class TlsTest {

  @TempDir
  static Path dir;
  static TestPki pki;
  static TickerNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    pki = TestPki.create(dir);
    Path[] server = pki.issueServer("server", "localhost", "127.0.0.1");
    node = TestSupport.startNode("--sim-rate", "1000", "--sim-symbols", "20", "--sim-seed", "9",
        "--tls-cert-file", server[0].toString(), "--tls-key-file", server[1].toString(), "--tls-reload-ms", "200",
        "--management-port", "0");
    clients = Vertx.vertx();
    TestSupport.until(() -> TestSupport.get(node.managementPort(), "/health/ready").status() == 200, Duration.ofSeconds(15), "ready");
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(clients.close());
  }

  private static PemTrustOptions trustTestCa() {
    return new PemTrustOptions().addCertPath(pki.caCert().toString());
  }

  /** The serial of the certificate the server presents to a brand-new connection. */
  private static BigInteger presentedSerial() {
    HttpClient client = clients.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trustTestCa())
        .setVerifyHost(true).setKeepAlive(false));
    try {
      AtomicReference<BigInteger> serial = new AtomicReference<>();
      await(client.request(HttpMethod.GET, node.httpPort(), "localhost", "/health/live")
          .compose(req -> req.send().map(res -> {
            try {
              serial.set(((X509Certificate) req.connection().peerCertificates().get(0)).getSerialNumber());
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return res.statusCode();
          })));
      return serial.get();
    } finally {
      client.close();
    }
  }

  @Test
  void wssAndHttpsWorkWithTheCaAndHostNameChecked() {
    WebSocketClientOptions tls = new WebSocketClientOptions().setSsl(true).setVerifyHost(true).setTrustOptions(trustTestCa());
    try (WsClient client = WsClient.connect(clients, tls, WsClient.to(node.httpPort()).setSsl(true).setHost("localhost"))) {
      client.next("welcome");
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":100}");
      client.next("snapshot");
      client.next("update");
    }
    HttpClient https = clients.createHttpClient(new HttpClientOptions().setSsl(true).setVerifyHost(true).setTrustOptions(trustTestCa()));
    try {
      TestSupport.HttpReply symbols = TestSupport.get(https, node.httpPort(), "/api/symbols");
      assertEquals(200, symbols.status());
      assertTrue(symbols.json().getJsonArray("symbols").size() == 20);
    } finally {
      https.close();
    }
  }

  @Test
  void aClientThatDoesNotTrustTheCaOrSpeaksPlainTextIsRefusedCleanly() {
    WebSocketClientOptions trustsNothingOfOurs = new WebSocketClientOptions().setSsl(true).setVerifyHost(true);
    assertThrows(AssertionError.class, () -> WsClient.connect(clients, trustsNothingOfOurs,
        WsClient.to(node.httpPort()).setSsl(true).setHost("localhost")));
    assertThrows(AssertionError.class, () -> WsClient.connect(clients, new WebSocketClientOptions(), WsClient.to(node.httpPort())),
        "plain ws to the TLS port fails");
    // And the server carries on for everybody else.
    WebSocketClientOptions tls = new WebSocketClientOptions().setSsl(true).setVerifyHost(true).setTrustOptions(trustTestCa());
    try (WsClient client = WsClient.connect(clients, tls, WsClient.to(node.httpPort()).setSsl(true).setHost("localhost"))) {
      client.next("welcome");
    }
  }

  @Test
  void aWssFeedIsTrustedThroughTheFeedCaFileAndOnlyThen() {
    Path[] feedCert = pki.issueServer("feed", "localhost", "127.0.0.1");
    FeedServerVerticle sim = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(0).withRate(500)
        .withSymbols(10).withSeed(4L).withBursts(0, 1, 0),
        new PemKeyCertOptions().setCertPath(feedCert[0].toString()).setKeyPath(feedCert[1].toString()));
    await(clients.deployVerticle(sim));
    String feed = "wss://localhost:" + sim.actualPort() + "/feed";
    TickerNode trusting = TestSupport.startNode("--feed-url", feed, "--feed-ca-file", pki.caCert().toString());
    TickerNode trustingNothing = TestSupport.startNode("--feed-url", feed, "--feed-stale-ms", "500");
    try {
      TestSupport.until(() -> TestSupport.get(trusting.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(15),
          "the node that trusts the feed's CA is live over wss");
      assertEquals(10, TestSupport.get(trusting.httpPort(), "/api/snapshot").json().getJsonArray("ticks").size());
      TestSupport.HttpReply other = TestSupport.get(trustingNothing.httpPort(), "/health/ready");
      assertEquals(503, other.status(), "a feed certificate the JVM does not trust is refused: " + other.body());
    } finally {
      await(trusting.stop());
      await(trustingNothing.stop());
    }
  }

  @Test
  void aRotatedCertificateIsServedToNewHandshakesWithoutARestart() {
    BigInteger before = presentedSerial();
    WebSocketClientOptions tls = new WebSocketClientOptions().setSsl(true).setVerifyHost(true).setTrustOptions(trustTestCa());
    try (WsClient open = WsClient.connect(clients, tls, WsClient.to(node.httpPort()).setSsl(true).setHost("localhost"))) {
      open.next("welcome");
      open.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\"],\"intervalMs\":100}");
      pki.issueServer("server", "localhost", "127.0.0.1"); // same files, new key and serial
      BigInteger rotated = pki.serialOf(dir.resolve("server.crt"));
      assertNotEquals(before, rotated);
      TestSupport.until(() -> rotated.equals(presentedSerial()), Duration.ofSeconds(10), "new handshakes get the new certificate");
      int seen = open.ofType("update").size();
      TestSupport.until(() -> open.ofType("update").size() > seen + 2, Duration.ofSeconds(5), "an open connection keeps streaming");
    }
  }
}
