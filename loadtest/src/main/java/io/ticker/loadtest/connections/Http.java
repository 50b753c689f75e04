package io.ticker.loadtest.connections;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.TimeUnit;

/**
 * GETs against a node's HTTP side (/api/symbols, /api/snapshot, /metrics), blocking from the main
 * thread or not ({@link #fetch}); http or https by the URL (https trusts --trust-file, or the JVM's trust store, and
 * verifies the host name), with a Bearer token when the run has one.
 */
public final class Http {

  /** A GET answered with a status other than 200. */
  public static final class StatusException extends RuntimeException {
    public final int status;

    StatusException(String url, int status, String body) {
      super("GET " + url + " -> HTTP " + status + (body.isBlank() ? "" : " " + body), null, false, false);
      this.status = status;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final String bearer;

  /** {@code token}: sent as {@code Authorization: Bearer} on /api requests, or null. */
  public Http(Vertx vertx, String trustFile, String token) {
    this.vertx = vertx;
    HttpClientOptions options = new HttpClientOptions().setKeepAlive(false).setVerifyHost(true);
    if (trustFile != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(trustFile));
    }
    client = vertx.createHttpClient(options);
    bearer = token == null ? null : Tokens.bearer(token);
  }

  /** GET {@code path} on the node's public HTTP side, with the token. */
  public Buffer get(Target target, String path, long timeoutMs) throws Exception {
    return get(target.httpBase() + path, true, timeoutMs);
  }

  /** GET an absolute http(s) URL; the token only when {@code authorized}. */
  public Buffer get(String url, boolean authorized, long timeoutMs) throws Exception {
    return fetch(url, authorized, timeoutMs).toCompletionStage().toCompletableFuture().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
  }

  /** The same GET without waiting for it: the body, or the failure, when it has ended. */
  public Future<Buffer> fetch(String url, boolean authorized, long timeoutMs) {
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(timeoutMs);
    if (authorized && bearer != null) {
      req.putHeader(HttpHeaders.AUTHORIZATION, bearer);
    }
    // Started on a Vert.x context: from the main thread, a listener added after the response
    // arrived can miss the end of its body and wait forever.
    Promise<Buffer> body = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(req)
        .compose(r -> r.send())
        .compose(resp -> {
          if (resp.statusCode() != 200) {
            return resp.body().transform(b -> Future.failedFuture(new StatusException(url, resp.statusCode(),
                b.succeeded() ? abbreviate(b.result().toString()) : "")));
          }
          return resp.body();
        })
        .onComplete(body));
    return body.future();
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() > 120 ? one.substring(0, 120) + "…" : one;
  }

  public void close() {
    client.close();
  }
}
