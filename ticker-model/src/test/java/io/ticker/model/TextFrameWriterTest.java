package io.ticker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real server socket written through {@link TextFrameWriter}, with the direct writes
 * {@link EventLoopWrites} gives it, read by a real Vert.x client: text frames in order, pings in
 * the same flush as a frame and on their own, Vert.x's close, a stalled reader's backlog and its drain.
 * On Vert.x's default transport (NIO) here; {@link Epoll} runs the same over epoll, where frames go
 * straight to the socket while nothing is queued.
 */
class TextFrameWriterTest {

  /** The same tests over the epoll transport: frames sent straight to the socket, the rest queued in the channel. */
  static class Epoll extends TextFrameWriterTest {
    @Override
    VertxOptions options() {
      return new VertxOptions().setPreferNativeTransport(true);
    }
  }

  private static final int QUEUE_BYTES = 256 * 1024;

  private Vertx vertx;
  private HttpServer server;
  private WebSocketClient client;
  private final Promise<ServerWebSocket> accepted = Promise.promise();
  private volatile Context serverContext;
  private volatile TextFrameWriter writer;

  VertxOptions options() {
    return new VertxOptions();
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx(options());
    server = vertx.createHttpServer().webSocketHandler(ws -> {
      serverContext = Vertx.currentContext();
      writer = TextFrameWriter.of(ws, QUEUE_BYTES);
      accepted.complete(ws);
    });
    await(server.listen(0, "127.0.0.1"));
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void framesPingsAndTheCloseCodeArriveOverDirectWrites() throws Exception {
    List<String> texts = new CopyOnWriteArrayList<>();
    WebSocket ws = connect();
    ws.textMessageHandler(texts::add);
    ServerWebSocket socket = await(accepted.future());
    assertTrue(writer.directWrites(), "Vert.x keeps its connection write queue where EventLoopWrites expects it");
    assertEquals(options().getPreferNativeTransport(), vertx.isNativeTransportEnabled(), "the transport asked for");
    assertEquals(vertx.isNativeTransportEnabled(), writer.sendsToSocket(), "frames go straight to a native socket");

    List<String> pongs = new CopyOnWriteArrayList<>();
    List<Integer> textsAtPong = new CopyOnWriteArrayList<>();
    onServer(() -> {
      socket.pongHandler(p -> {
        textsAtPong.add(texts.size());
        pongs.add(p.toString());
      });
      for (int i = 0; i < 99; i++) {
        writer.write(Buffer.buffer("{\"n\":" + i + "}"));
      }
      WireFrame last = WireFrame.copyOf(Buffer.buffer("{\"n\":99}"));
      writer.write(last, true);
      last.release();
      return null;
    });
    waitFor(() -> pongs.size() == 1, "the client's pong to the ping written after frame 99");
    assertEquals(TextFrameWriter.PING_PAYLOAD, pongs.get(0));
    assertEquals(100, textsAtPong.get(0), "the pong comes after the client read every frame, the one before the ping included");
    for (int i = 0; i < 100; i++) {
      assertEquals("{\"n\":" + i + "}", texts.get(i), "frame " + i + " in order");
    }
    onServer(() -> {
      writer.ping();
      return null;
    });
    waitFor(() -> pongs.size() == 2, "the client's pong to a ping of its own");

    Promise<Short> closed = Promise.promise();
    ws.closeHandler(v -> closed.tryComplete(ws.closeStatusCode()));
    onServer(() -> socket.close((short) 4000, "bye"));
    assertEquals((short) 4000, await(closed.future()));
  }

  @Test
  void aStalledReadersBacklogFillsTheQueueAndDrainsWhenItReadsAgain() throws Exception {
    WebSocket ws = connect();
    List<String> received = new CopyOnWriteArrayList<>();
    ws.textMessageHandler(received::add);
    ws.pause();
    await(accepted.future());
    String padding = "x".repeat(8 * 1024);

    int written = 0;
    while (written < 64 * 1024 * 1024 / padding.length() && !onServer(writer::queueFull)) {
      int from = written;
      onServer(() -> {
        for (int i = from; i < from + 64; i++) {
          writer.write(Buffer.buffer(frameText(i, padding)));
        }
        return null;
      });
      written += 64;
    }
    assertTrue(onServer(writer::queueFull), "a reader that stopped leaves its backlog with the server");

    ws.resume();
    int sent = written;
    waitFor(() -> received.size() == sent, "every frame once the reader reads again");
    for (int i = 0; i < sent; i++) { // a frame the kernel took only part of has its rest queued behind it
      assertEquals(frameText(i, padding), received.get(i), "frame " + i + " whole and in order");
    }
    assertFalse(onServer(writer::queueFull), "the backlog drained");
  }

  private static String frameText(int n, String padding) {
    return "{\"n\":" + n + ",\"pad\":\"" + padding + "\"}";
  }

  private WebSocket connect() throws Exception {
    return await(client.connect(server.actualPort(), "127.0.0.1", "/"));
  }

  private <T> T onServer(Supplier<T> action) throws Exception {
    Promise<T> result = Promise.promise();
    serverContext.runOnContext(v -> result.complete(action.get()));
    return await(result.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static void waitFor(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
