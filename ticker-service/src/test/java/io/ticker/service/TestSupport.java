package io.ticker.service;

import static org.junit.jupiter.api.Assertions.fail;

import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Blocking helpers for tests that drive real servers and clients. */
final class TestSupport {

  private TestSupport() {
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed: " + e, e);
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static void until(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        fail("timed out after " + timeout + " waiting for: " + what);
      }
      sleep(10);
    }
  }

  /** A service node with the given flags on a random port (and one shard per core unless told). */
  static TickerNode startNode(String... flags) {
    List<String> args = new ArrayList<>(List.of("--http-port", "0", "--http-host", "127.0.0.1"));
    args.addAll(List.of(flags));
    return await(TickerNode.start(TickerMain.parse(args.toArray(String[]::new))));
  }

  /** A standalone simulator on a random loopback port, bursts off so rates are predictable. */
  static FeedServerVerticle startSimulator(Vertx vertx, int port, int rate, int symbols, long seed) {
    FeedServerVerticle sim = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(port)
        .withRate(rate).withSymbols(symbols).withSeed(seed).withBursts(0, 1, 0));
    await(vertx.deployVerticle(sim));
    return sim;
  }

  record HttpReply(int status, String body) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  static HttpReply get(HttpClient http, int port, String uri) {
    return await(http.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> req.send())
        .compose(res -> res.body().map(b -> new HttpReply(res.statusCode(), b.toString()))));
  }

  /** The value of one Prometheus sample line, e.g. {@code ticker_connections}. */
  static double metric(HttpClient http, int port, String name) {
    for (String line : get(http, port, "/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name);
  }

}
