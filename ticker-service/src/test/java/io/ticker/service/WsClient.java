package io.ticker.service;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** A real WebSocket client of the service that records every frame it gets, with its arrival time. */
final class WsClient implements AutoCloseable {

  record Received(long atMs, JsonObject json) {
    String type() {
      return json.getString("type");
    }
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  private final WebSocketClient client;
  private final WebSocket ws;
  volatile Short closeCode;
  volatile String closeReason;
  /** The connection ended, with or without a close frame (then {@link #closeCode} stays null). */
  volatile boolean closed;
  private int cursor;

  /** Handlers are set before connecting, so the welcome sent right on connect is not missed. */
  private WsClient(WebSocketClient client, String host, int port) {
    this(client, new WebSocketConnectOptions().setHost(host).setPort(port).setURI("/ws"));
  }

  private WsClient(WebSocketClient client, WebSocketConnectOptions connect) {
    this.client = client;
    ClientWebSocket socket = client.webSocket();
    socket.textMessageHandler(text -> received.add(new Received(System.currentTimeMillis(), new JsonObject(text))));
    socket.closeHandler(v -> {
      closeReason = socket.closeReason();
      closeCode = socket.closeStatusCode();
      closed = true;
    });
    this.ws = TestSupport.await(socket.connect(connect));
  }

  /** A client with its own options (TLS, trust) and connect options (headers such as Authorization or Origin). */
  static WsClient connect(Vertx vertx, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    return new WsClient(vertx.createWebSocketClient(options.setMaxMessageSize(64 << 20).setMaxFrameSize(64 << 20)), connect);
  }

  /**
   * Loopback {@code /ws} on {@code port} with these headers (name, value, name, value…). Vert.x
   * sends an Origin of its own unless told not to: here there is one only when given.
   */
  static WebSocketConnectOptions to(int port, String... headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
        .setAllowOriginHeader(java.util.Arrays.asList(headers).contains("Origin"));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      options.addHeader(headers[i], headers[i + 1]);
    }
    return options;
  }

  /**
   * The HTTP status an upgrade gets when the server refuses it (403, 429, 401, …), or 101 when it
   * is accepted (the socket is closed again at once).
   */
  static int upgradeStatus(Vertx vertx, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    WebSocketClient client = vertx.createWebSocketClient(options);
    try {
      return TestSupport.await(client.connect(connect)
          .map(ws -> {
            ws.close();
            return 101;
          })
          .recover(e -> e instanceof io.vertx.core.http.UpgradeRejectedException rejected
              ? io.vertx.core.Future.succeededFuture(rejected.getStatus())
              : io.vertx.core.Future.failedFuture(e)));
    } finally {
      client.close();
    }
  }

  static WsClient connect(Vertx vertx, int port) {
    return connect(vertx, "127.0.0.1", port);
  }

  static WsClient connect(Vertx vertx, String host, int port) {
    return new WsClient(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(64 << 20).setMaxFrameSize(64 << 20)), host, port);
  }

  WsClient send(String text) {
    TestSupport.await(ws.writeTextMessage(text));
    return this;
  }

  /** Stops reading: Vert.x buffers a little, then leaves the bytes in the kernel. Pings go unanswered. */
  void pause() {
    ws.pause();
  }

  /** Reads again after {@link #pause()}: what the kernel held (a close frame, say) is delivered. */
  void resume() {
    ws.resume();
  }

  /** Sends without waiting for the write: a flood. */
  void blast(String text) {
    ws.writeTextMessage(text);
  }

  WsClient send(JsonObject json) {
    return send(json.encode());
  }

  void sendBinary(Buffer data) {
    ws.writeBinaryMessage(data);
  }

  /** The next frame (after those already taken) matching, waiting up to {@code timeout}. */
  JsonObject next(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.currentTimeMillis() + timeout.toMillis();
    while (System.currentTimeMillis() < deadline) {
      while (cursor < received.size()) {
        JsonObject json = received.get(cursor++).json();
        if (match.test(json)) {
          return json;
        }
      }
      TestSupport.sleep(5);
    }
    fail("no matching frame within " + timeout + "; got types " + types());
    return null;
  }

  JsonObject next(String type) {
    return next(j -> type.equals(j.getString("type")), Duration.ofSeconds(5));
  }

  List<Received> ofType(String type) {
    return received.stream().filter(r -> type.equals(r.type())).collect(Collectors.toList());
  }

  /** A stable copy of what {@code client} received from index {@code from} on. */
  static List<Received> since(WsClient client, int from) {
    List<Received> all = List.copyOf(client.received);
    return all.subList(Math.min(from, all.size()), all.size());
  }

  List<String> types() {
    return received.stream().map(Received::type).collect(Collectors.toList());
  }

  short awaitClose(Duration timeout) {
    TestSupport.until(() -> closeCode != null, timeout, "connection closed");
    return closeCode;
  }

  @Override
  public void close() {
    ws.close();
    client.close();
  }
}
