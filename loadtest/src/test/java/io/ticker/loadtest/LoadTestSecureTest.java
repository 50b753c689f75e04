package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.loadtest.connections.JwtSettings;
import io.ticker.loadtest.connections.Tokens;
import io.ticker.model.Wire;
import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import io.ticker.service.testing.TestPki;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness against an in-process service with {@code --auth jwt}, HTTPS/WSS and a management
 * port: per-connection tokens over wss (header and auth op), a wrong secret, TLS trust and host
 * name checks, and the new options' one-line errors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadTestSecureTest {

  private static TickerNode node;
  /** The certificate names localhost only (no IP address), so wss://127.0.0.1 fails host name verification. */
  private static String url;
  private static String metricsUrl;
  private static Path secret;
  private static Path ca;

  @TempDir
  static Path pki;
  @TempDir
  Path dir;

  @BeforeAll
  static void startService() throws Exception {
    TestPki testPki = TestPki.create(pki);
    Path[] cert = testPki.issueServer("ticker", "localhost");
    ca = testPki.caCert();
    secret = Files.writeString(pki.resolve("jwt.secret"), "  load-test-secret-0123456789-abcdefghijklmnop\n");
    node = TickerNode.start(TickerMain.parse("--http-port", "0", "--http-host", "127.0.0.1", "--sim-rate", "2000",
        "--sim-symbols", "50", "--sim-seed", "7", "--auth", "jwt", "--jwt-secret-file", secret.toString(),
        "--tls-cert-file", cert[0].toString(), "--tls-key-file", cert[1].toString(), "--management-port", "0"))
        .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    url = "wss://localhost:" + node.httpPort() + "/ws";
    metricsUrl = "http://127.0.0.1:" + node.managementPort() + "/metrics";
  }

  @AfterAll
  static void stopService() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void perConnectionTokensOverWssPass() throws Exception {
    Path json = dir.resolve("jwt.json");
    LoadTestRun run = LoadTestRun.of("--url", url, "--trust-file", ca.toString(), "--metrics-url", metricsUrl,
        "--jwt-secret-file", secret.toString(), "--jwt-symbols", "kind:crypto,AAPL",
        "--connections", "100", "--symbols-per-conn", "3", "--interval-ms", "100", "--duration", "3s",
        "--ramp-rate", "1000", "--quiet", "--out", json.toString());
    assertEquals(LoadTestMain.PASS, run.code(), run.output());

    JsonNode r = Wire.JSON.readTree(json.toFile());
    assertEquals(100, r.at("/connections/openAtEnd").asLong(), run.output());
    assertEquals(0, r.at("/connections/connectFailures").asLong(), run.output());
    assertEquals("jwt", r.at("/auth/mode").asText(), run.output());
    assertEquals(100, r.at("/auth/tokens").asLong(), run.output());
    assertTrue(r.at("/auth/mintMs").isNumber(), run.output());
    assertTrue(r.at("/auth/refused").isNull() || r.at("/auth/refused").isMissingNode(), run.output());
    // the universe is what the tokens grant: the crypto pairs and AAPL, not all 50
    long universe = r.at("/config/symbolUniverse").asLong();
    assertTrue(universe > 1 && universe < 50, "granted universe " + universe);
    assertTrue(r.at("/throughput/ticks").asLong() > 0, run.output());
    assertEquals(0, r.at("/correctness/seqViolations").asLong(), run.output());
    assertTrue(r.at("/correctness/finalCheckRan").asBoolean(), run.output());
    assertEquals(0, r.at("/correctness/mismatches").asLong(), run.output());
    assertEquals(100 * 3, r.at("/correctness/checkedSymbolValues").asLong(), run.output());
    assertEquals(0, r.at("/correctness/errorReplies").size(), "no FORBIDDEN or UNAUTHORIZED: " + run.output());
    // the service's own meters, from its management port
    assertEquals(metricsUrl, r.at("/server/0/metricsUrl").asText(), run.output());
    assertTrue(r.at("/server/0/ticksOutPerSec").asDouble() > 0, "server metrics scraped: " + r.at("/server"));
    assertTrue(run.output().contains("tokens: 100 minted in"), run.output());
  }

  @Test
  void tokensCanBeSentAsTheAuthOp() throws Exception {
    Path json = dir.resolve("op.json");
    LoadTestRun run = LoadTestRun.of("--url", url, "--trust-file", ca.toString(), "--metrics-url", metricsUrl,
        "--jwt-secret-file", secret.toString(), "--jwt-via-op", "--connections", "20", "--symbols-per-conn", "3",
        "--interval-ms", "100", "--duration", "1s", "--quiet", "--out", json.toString());
    assertEquals(LoadTestMain.PASS, run.code(), run.output());
    JsonNode r = Wire.JSON.readTree(json.toFile());
    assertEquals(20, r.at("/connections/openAtEnd").asLong(), run.output());
    assertEquals("auth op", r.at("/auth/sentAs").asText(), run.output());
    assertEquals(0, r.at("/correctness/mismatches").asLong(), run.output());
    assertEquals(20 * 3, r.at("/correctness/checkedSymbolValues").asLong(), run.output());
  }

  @Test
  void wrongSecretReportsRefusedConnectionsAndExitsOne() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.secret"), "not-the-service-secret-0123456789-xyz");
    Path json = dir.resolve("wrong.json");
    LoadTestRun run = LoadTestRun.of("--url", url, "--trust-file", ca.toString(), "--metrics-url", metricsUrl,
        "--jwt-secret-file", wrong.toString(), "--connections", "100", "--symbols-per-conn", "3", "--interval-ms", "100",
        "--duration", "1s", "--quiet", "--out", json.toString());
    assertEquals(LoadTestMain.FAILED_OBJECTIVE, run.code(), run.output());
    JsonNode r = Wire.JSON.readTree(json.toFile());
    assertEquals(0, r.at("/connections/openAtEnd").asLong(), run.output());
    assertTrue(r.at("/connections/connectFailures").asLong() >= 100, run.output());
    assertEquals(r.at("/connections/connectFailures").asLong(),
        r.at("/connections/connectErrors/HTTP 401 (token refused)").asLong(), "every failure is a 401: " + run.output());
    assertTrue(r.at("/auth/refused").asText().contains("HTTP 401"), run.output());
    assertTrue(run.output().contains("HTTP 401 (token refused)"), run.output());
    assertTrue(run.output().contains("objective failed: connect failures"), run.output());
    assertTrue(run.output().contains("objective failed: the service refused the token"), run.output());
  }

  @Test
  void tlsIsVerified() {
    LoadTestRun untrusted = LoadTestRun.of("--url", url, "--jwt-secret-file", secret.toString(), "--connections", "1", "--duration", "1s");
    assertEquals(LoadTestMain.RUN_ERROR, untrusted.code(), untrusted.output());
    assertTrue(untrusted.output().contains("--trust-file"), "a private CA needs --trust-file: " + untrusted.output());

    LoadTestRun wrongName = LoadTestRun.of("--url", "wss://127.0.0.1:" + node.httpPort() + "/ws", "--trust-file", ca.toString(),
        "--jwt-secret-file", secret.toString(), "--connections", "1", "--duration", "1s");
    assertEquals(LoadTestMain.RUN_ERROR, wrongName.code(), "host name verification is on: " + wrongName.output());
    assertTrue(wrongName.output().contains("127.0.0.1"), wrongName.output());
  }

  @Test
  void noTokenAgainstAJwtServiceSaysSo() {
    LoadTestRun run = LoadTestRun.of("--url", url, "--trust-file", ca.toString(), "--connections", "1", "--duration", "1s");
    assertEquals(LoadTestMain.RUN_ERROR, run.code(), run.output());
    assertTrue(run.output().contains("HTTP 401") && run.output().contains("--jwt-secret-file"), run.output());
  }

  @Test
  void badSecurityOptionsExitTwoWithOneLine() throws Exception {
    Path shortSecret = Files.writeString(dir.resolve("short.secret"), "too-short\n");
    Path notPem = Files.writeString(dir.resolve("ca.txt"), "hello");
    String[][] cases = {
        {"--jwt-secret-file", shortSecret.toString()},
        {"--jwt-secret-file", dir.resolve("missing").toString()},
        {"--jwt-secret-file", secret.toString(), "--jwt-ttl", "soon"},
        {"--jwt-secret-file", secret.toString(), "--jwt-symbols", "kind:"},
        {"--jwt-via-op"},
        {"--url", url, "--trust-file", notPem.toString()},
        {"--trust-file", ca.toString()},
        {"--url", "ws://127.0.0.1:1/ws,ws://127.0.0.1:2/ws", "--metrics-url", "http://127.0.0.1:3/metrics"},
        {"--metrics-url", "ftp://127.0.0.1/metrics"},
        {"--url", "https://127.0.0.1/ws"},
    };
    for (String[] args : cases) {
      LoadTestRun run = LoadTestRun.of(args);
      assertEquals(LoadTestMain.BAD_OPTIONS, run.code(), String.join(" ", args) + ": " + run.output());
      assertEquals(1, run.output().strip().lines().count(), "one-line reason for " + String.join(" ", args) + ": " + run.output());
    }
  }

  @Test
  void tenThousandTokensMintFastAndAreEachTheirOwn() throws Exception {
    LoadTestOptions o = new LoadTestOptions();
    o.jwtSecretFile = secret.toString();
    o.jwtSymbols = List.of("kind:crypto", "AAPL");
    o.jwtTtl = "1h";
    o.jwtIssuer = "loadtest";
    JwtSettings settings = JwtSettings.from(o);
    Vertx vertx = Vertx.vertx();
    try {
      Tokens tokens = Tokens.mint(vertx, settings, 10_000);
      System.out.println("tokens: " + tokens.describeTiming());
      assertTrue(tokens.mintMillis < 5_000, "minting 10,000 HS256 tokens took " + tokens.mintMillis + " ms");
      Set<String> distinct = new HashSet<>();
      for (int i = 0; i < tokens.count(); i++) {
        distinct.add(tokens.of(i));
      }
      assertEquals(10_000, distinct.size(), "one token per connection");
      // checked the way the service checks them: vertx-auth-jwt with the same trimmed secret and issuer
      JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Files.readString(secret).trim()))
          .setJWTOptions(new JWTOptions().setIssuer("loadtest")));
      User user = auth.authenticate(new TokenCredentials(tokens.of(4242)))
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals("load-4242", user.principal().getString("sub"));
      assertEquals(List.of("kind:crypto", "AAPL"), user.principal().getJsonArray("symbols").getList());
      long exp = user.attributes().getLong("exp");
      assertTrue(Math.abs(exp - (System.currentTimeMillis() / 1000 + 3600)) < 60, "exp one hour ahead: " + exp);
      User http = auth.authenticate(new TokenCredentials(tokens.http))
          .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      assertEquals(Tokens.HTTP_SUB, http.principal().getString("sub"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
  }

}
