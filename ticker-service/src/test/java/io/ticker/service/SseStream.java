package io.ticker.service;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@code GET /sse} read with a real Vert.x HTTP client, parsed into events as they arrive. */
final class SseStream {

  record Event(String type, JsonObject data, long atMs) {
  }

  final List<Event> events = new CopyOnWriteArrayList<>();
  final AtomicInteger comments = new AtomicInteger();
  volatile int status;
  volatile String contentType;
  volatile boolean ended;
  private final StringBuilder pending = new StringBuilder();

  /** Opens the stream (headers name, value, …) and returns once its response head is in. */
  static SseStream open(Vertx vertx, HttpClient client, int port, String uri, String... headers) {
    SseStream stream = new SseStream();
    Promise<SseStream> opened = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", uri)
        .compose(req -> {
          for (int i = 0; i + 1 < headers.length; i += 2) {
            req.putHeader(headers[i], headers[i + 1]);
          }
          return req.send();
        })
        .onSuccess(res -> {
          stream.status = res.statusCode();
          stream.contentType = res.getHeader("content-type");
          res.handler(stream::onData);
          res.endHandler(e -> stream.ended = true);
          res.exceptionHandler(e -> stream.ended = true);
          opened.complete(stream);
        })
        .onFailure(opened::fail));
    return TestSupport.await(opened.future());
  }

  private synchronized void onData(Buffer data) {
    pending.append(data.toString(StandardCharsets.UTF_8));
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      String type = null;
      StringBuilder json = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith(":")) {
          comments.incrementAndGet();
        } else if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          json.append(line.substring(6));
        }
      }
      if (type != null) {
        JsonObject frame = new JsonObject(json.toString());
        if (!type.equals(frame.getString("type"))) {
          throw new AssertionError("event " + type + " carries a " + frame.getString("type") + " frame");
        }
        events.add(new Event(type, frame, System.currentTimeMillis()));
      }
    }
  }

  List<Event> ofType(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }
}
