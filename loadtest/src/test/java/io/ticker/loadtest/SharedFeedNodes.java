package io.ticker.loadtest;


import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A slow external feed (20 ticks/s over 300 symbols, so most symbols stay put between reconnects)
 * and service nodes that ingest it standalone, so their seqs agree: what the resume and failover
 * tests restart and stop under the load test.
 */
final class SharedFeedNodes implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final Vertx vertx = Vertx.vertx();
  private final int feedPort;

  SharedFeedNodes() throws Exception {
    feedPort = freePort();
    FeedServerVerticle sim = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(feedPort)
        .withRate(20).withSymbols(300).withSeed(5L).withBursts(0, 1, 0));
    vertx.deployVerticle(sim).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  static int freePort() {
    return io.ticker.service.testing.Http.freePort();
  }

  /** A node on {@code port} reading the shared feed. */
  TickerNode node(int port) throws Exception {
    return TickerNode.start(TickerMain.parse("--http-port", String.valueOf(port), "--http-host", "127.0.0.1",
        "--feed-url", "ws://127.0.0.1:" + feedPort + "/feed")).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** The node's {@code ticker_connections}, or 0 while it does not answer. */
  static double connections(int port) {
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

  static void until(BooleanSupplier condition, long timeoutMs, String what) {
    io.ticker.service.testing.Wait.until(condition, java.time.Duration.ofMillis(timeoutMs), what);
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
