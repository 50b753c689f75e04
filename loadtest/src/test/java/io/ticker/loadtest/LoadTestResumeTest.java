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
 * A reconnect storm: the service restarts under the harness (same port, the feed runs on in its own
 * verticle, so seqs carry on), every connection reconnects, with and without {@code --resume}. The
 * feed is slow (20 ticks/s over 300 symbols): with resume, the reconnect snapshots hold only the few
 * symbols that moved during the restart; without, every symbol again. Both runs stay correct.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTestResumeTest {

  private static final int CONNECTIONS = 40;
  private static final int SYMBOLS_PER_CONN = 5;
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

  /** One run of the harness across a restart of the service; its JSON report. */
  private JsonNode storm(boolean resume) throws Exception {
    int port = freePort();
    TickerNode first = node(port);
    Path json = dir.resolve("storm-" + resume + ".json");
    CompletableFuture<LoadTestRun> run = CompletableFuture.supplyAsync(() -> LoadTestRun.of(
        "--url", "ws://127.0.0.1:" + port + "/ws", "--connections", String.valueOf(CONNECTIONS),
        "--symbols-per-conn", String.valueOf(SYMBOLS_PER_CONN), "--interval-ms", "100", "--duration", "5s", "--seed", "9",
        "--max-connect-failures", "-1", "--out", json.toString(), resume ? "--resume" : "--reconnect"));
    TickerNode second = null;
    try {
      until(() -> connections(port) >= CONNECTIONS, 20_000, "the harness connected");
      first.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      second = node(port);
      LoadTestRun done = run.get(60, TimeUnit.SECONDS);
      assertEquals(LoadTestMain.PASS, done.code(), done.output());
      JsonNode r = Wire.JSON.readTree(json.toFile());
      assertEquals(CONNECTIONS, r.at("/connections/openAtEnd").asLong(), done.output());
      assertEquals(CONNECTIONS, r.at("/connections/reconnectSnapshots").asLong(), done.output());
      assertEquals(0, r.at("/correctness/seqViolations").asLong(), done.output());
      assertEquals(0, r.at("/correctness/mismatches").asLong(), done.output());
      assertEquals(resume, r.at("/connections/resume").asBoolean());
      return r;
    } finally {
      if (second != null) {
        second.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void resumingReconnectsGetSmallSnapshotsAndStayCorrect() throws Exception {
    long full = storm(false).at("/connections/reconnectSnapshotTicks").asLong();
    long resumed = storm(true).at("/connections/reconnectSnapshotTicks").asLong();
    System.out.printf("reconnect storm of %d connections x %d symbols: %d snapshot ticks without --resume, %d with%n",
        CONNECTIONS, SYMBOLS_PER_CONN, full, resumed);
    assertTrue(full >= CONNECTIONS * SYMBOLS_PER_CONN * 3 / 4, "without --resume every reconnect gets every symbol again: " + full);
    assertTrue(resumed < full / 4, "with --resume only what moved during the restart: " + resumed + " of " + full);
  }
}
