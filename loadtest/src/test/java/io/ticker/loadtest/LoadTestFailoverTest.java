package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Wire;
import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover under the harness: two standalone nodes on the same external feed (so they agree on
 * seqs), the connections spread over both; one node stops for good, and its connections must move
 * to the other (the reconnect tries the next --url), resume there with since, and report the storm:
 * every lost session current again, with its drop-to-snapshot time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTestFailoverTest {

  private static final int CONNECTIONS = 40;
  private static Vertx vertx;
  private static int feedPort;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @BeforeAll
  static void startFeed() throws Exception {
    vertx = Vertx.vertx();
    feedPort = freePort();
    FeedServerVerticle sim = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(feedPort)
        .withRate(20).withSymbols(300).withSeed(5L).withBursts(0, 1, 0));
    vertx.deployVerticle(sim).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopFeed() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static TickerNode node(int port) throws Exception {
    return TickerNode.start(TickerMain.parse("--http-port", String.valueOf(port), "--http-host", "127.0.0.1",
        "--feed-url", "ws://127.0.0.1:" + feedPort + "/feed")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private static double connections(int port) {
    try {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        if (line.startsWith("ticker_connections ")) {
          return Double.parseDouble(line.substring("ticker_connections ".length()).trim());
        }
      }
      return 0;
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private static void until(java.util.function.BooleanSupplier condition, long timeoutMs, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for: " + what);
      Thread.sleep(20);
    }
  }

  @Test
  void aStoppedNodesConnectionsMoveToTheSurvivorAndResume() throws Exception {
    int portA = freePort();
    int portB = freePort();
    TickerNode a = node(portA);
    TickerNode b = node(portB);
    Path json = dir.resolve("failover.json");
    CompletableFuture<LoadTestRun> run = CompletableFuture.supplyAsync(() -> LoadTestRun.of(
        "--url", "ws://127.0.0.1:" + portA + "/ws", "--url", "ws://127.0.0.1:" + portB + "/ws",
        "--connections", String.valueOf(CONNECTIONS), "--symbols-per-conn", "5", "--interval-ms", "100",
        "--duration", "6s", "--seed", "9", "--max-connect-failures", "-1", "--out", json.toString(), "--resume"));
    boolean aStopped = false;
    try {
      until(() -> connections(portA) + connections(portB) >= CONNECTIONS, 20_000, "the harness connected");
      a.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      aStopped = true;
      until(() -> connections(portB) >= CONNECTIONS, 20_000, "A's connections moved to B");
      LoadTestRun done = run.get(60, TimeUnit.SECONDS);
      assertEquals(LoadTestMain.PASS, done.code(), done.output());
      JsonNode r = Wire.JSON.readTree(json.toFile());
      assertEquals(CONNECTIONS, r.at("/connections/openAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/drops").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/recovered").asLong(), done.output());
      assertEquals(0, r.at("/connections/storm/awaitingAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS / 2, r.at("/connections/storm/recoveryMs/count").asLong(), done.output());
      assertTrue(r.at("/connections/storm/recoveryMs/max").asDouble() >= 1000, "backoff is 1-1.5 s: " + done.output());
      assertTrue(r.at("/connections/storm/allCurrentAfterMs").asLong() >= r.at("/connections/storm/recoveryMs/max").asLong() - 1, done.output());
      assertTrue(r.at("/connections/reconnectSnapshotBytes").asLong() > 0, done.output());
      assertEquals(0, r.at("/correctness/seqViolations").asLong(), done.output());
      assertEquals(0, r.at("/correctness/mismatches").asLong(), done.output());
      assertEquals(CONNECTIONS * 5, r.at("/correctness/checkedSymbolValues").asLong(), done.output());
      System.out.println(done.output());
    } finally {
      if (!aStopped) {
        a.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      b.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
