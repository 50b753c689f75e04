package io.ticker.loadtest;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.TimeUnit;

/** Blocking GETs against a node's HTTP side (/api/symbols, /api/snapshot, /metrics), from the main thread. */
final class Http {

  private final Vertx vertx;
  private final HttpClient client;

  Http(Vertx vertx) {
    this.vertx = vertx;
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  Buffer get(Target target, String path, long timeoutMs) throws Exception {
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setHost(target.host()).setPort(target.port())
        .setURI(path).setTimeout(timeoutMs);
    // Started on a Vert.x context: from the main thread, a listener added after the response
    // arrived can miss the end of its body and wait forever.
    Promise<Buffer> body = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(req)
        .compose(r -> r.send())
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return resp.body().transform(b -> io.vertx.core.Future.failedFuture(
                "GET " + target.httpBase() + path + " -> HTTP " + resp.statusCode()));
          }
          return resp.body();
        })
        .onComplete(body));
    return body.future().toCompletionStage().toCompletableFuture().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
  }

  void close() {
    client.close();
  }
}
