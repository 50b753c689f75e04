package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.FeedFrame;
import io.ticker.model.Tick;
import io.ticker.model.Wire;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A real feed server on a random port, read by real Vert.x WebSocket clients. */
@ExtendWith(VertxExtension.class)
class FeedServerVerticleTest {

  private static final int RATE = 5_000;
  private static final String HOST = "127.0.0.1";

  private FeedServerVerticle feed;
  private String deploymentId;
  // Held in fields: Vert.x 5 closes a client once it is garbage collected.
  private WebSocketClient wsClient;
  /** Blocking GETs with a timeout: no event loop between the test's thread and the reply. */
  private final HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One text frame as it arrived. */
  private record Received(FeedFrame frame) {
  }

  @BeforeEach
  void deploy(Vertx vertx) {
    SimulatorConfig config = SimulatorConfig.defaults().withHost(HOST).withPort(0).withRate(RATE)
        .withSeed(1L).withBursts(0, 1, 0);
    feed = new FeedServerVerticle(config);
    deploymentId = vertx.deployVerticle(feed).await();
    // A batch frame can be far bigger than Vert.x's 64 KiB default frame limit.
    wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
  }

  @Test
  void consumerGetsSymbolsThenSnapshotThenGaplessBatchesAtTheConfiguredRate() throws Exception {
    ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    connect(received);
    // Until the batches' own timestamps span 2 s (plus symbols, snapshot and the first batch).
    until(() -> stampedSpanMs(new ArrayList<>(received)) >= 2_000, 30_000);

    List<Received> frames = new ArrayList<>(received);
    assertEquals(FeedFrame.SYMBOLS, frames.get(0).frame().type());
    assertEquals(50, frames.get(0).frame().symbols().size());
    assertEquals(FeedFrame.SNAPSHOT, frames.get(1).frame().type());
    List<Tick> snapshot = frames.get(1).frame().ticks();
    assertEquals(50, snapshot.size());

    Map<String, Long> lastSeq = new HashMap<>();
    snapshot.forEach(tick -> lastSeq.put(tick.symbol(), tick.seq()));
    List<Received> batches = frames.subList(2, frames.size());
    for (Received batch : batches) {
      assertEquals(FeedFrame.TICKS, batch.frame().type());
      for (Tick tick : batch.frame().ticks()) {
        assertEquals(lastSeq.get(tick.symbol()) + 1, tick.seq(), "no gap for " + tick.symbol());
        lastSeq.put(tick.symbol(), tick.seq());
      }
    }

    // The rate on the simulator's own stamps, over the span after the first batch (its ticks precede
    // it). Never faster than configured; slower only by what a starved timer gives up after a
    // stall (TickPacer catches up at most 4 batches: TickPacerTest pins that down with its own clock).
    long ticks = batches.stream().skip(1).mapToLong(b -> b.frame().ticks().size()).sum();
    double seconds = stampedSpanMs(frames) / 1e3;
    double rate = ticks / seconds;
    assertTrue(seconds >= 2, "batches kept coming: " + seconds + " s");
    assertTrue(rate <= RATE * 1.1 && rate >= RATE * 0.5, "measured " + rate + " ticks/s on the simulator's stamps");
  }

  /** From the first batch's last tick to the last batch's last tick, on the ticks' own timestamps. */
  private static long stampedSpanMs(List<Received> frames) {
    List<Received> batches = frames.size() > 2 ? frames.subList(2, frames.size()) : List.of();
    if (batches.size() < 2) {
      return 0;
    }
    return lastTs(batches.get(batches.size() - 1)) - lastTs(batches.get(0));
  }

  private static long lastTs(Received batch) {
    List<Tick> ticks = batch.frame().ticks();
    return ticks.get(ticks.size() - 1).ts();
  }

  @Test
  void healthIsOkAndOtherPathsAreNotFound() throws Exception {
    assertEquals("200 ok", get("/health"));
    assertEquals("404 ", get("/nope"));
    assertEquals(400, Integer.parseInt(get("/feed").substring(0, 3)));
  }

  @Test
  void whatConsumersSendIsIgnoredAndUndeployClosesThemWith1001(Vertx vertx) throws Exception {
    ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    ClientWebSocket socket = connect(received);
    CompletableFuture<Short> closeCode = new CompletableFuture<>();
    socket.closeHandler(closed -> closeCode.complete(socket.closeStatusCode()));

    socket.writeBinaryMessage(Buffer.buffer(new byte[] {0, 1, 2})).await();
    socket.writeTextMessage("{\"op\":\"hello\"}").await();
    assertTrue(grows(received, received.size()), "batches keep flowing");

    vertx.undeploy(deploymentId).await();
    assertEquals((short) 1001, closeCode.get(5, TimeUnit.SECONDS));
  }

  @Test
  void anOversizedFrameOnlyCostsItsSender() throws Exception {
    ClientWebSocket rude = connect(new ConcurrentLinkedQueue<>());
    CompletableFuture<Short> rudeClosed = new CompletableFuture<>();
    rude.closeHandler(closed -> rudeClosed.complete(rude.closeStatusCode()));
    ConcurrentLinkedQueue<Received> polite = new ConcurrentLinkedQueue<>();
    connect(polite);

    rude.writeBinaryMessage(Buffer.buffer(new byte[1024 * 1024]));
    assertNotNull(rudeClosed.get(5, TimeUnit.SECONDS));
    assertTrue(grows(polite, polite.size()), "the other consumer is still served");
  }

  /** Whether more frames arrive than {@code before}, within 10 s (a busy machine may be slow; a feed that stopped never comes). */
  private static boolean grows(ConcurrentLinkedQueue<Received> frames, int before) throws InterruptedException {
    return until(() -> frames.size() > before, 10_000);
  }

  /** Waits until {@code condition} holds or {@code timeoutMs} pass; whether it holds. */
  private static boolean until(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return condition.getAsBoolean();
  }

  private ClientWebSocket connect(ConcurrentLinkedQueue<Received> into) {
    ClientWebSocket socket = wsClient.webSocket();
    socket.textMessageHandler(text -> into.add(new Received(parse(text))));
    socket.connect(feed.actualPort(), HOST, FeedServerVerticle.FEED_PATH).await();
    return socket;
  }

  /** Status and body of a GET. */
  private String get(String path) throws Exception {
    HttpResponse<String> response = httpClient.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + feed.actualPort() + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static FeedFrame parse(String text) {
    try {
      return Wire.readFeedFrame(text.getBytes(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      throw new AssertionError("not a feed frame: " + text, e);
    }
  }
}
