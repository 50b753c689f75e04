package io.ticker.loadtest.connections;

import io.ticker.model.protocol.Jwt;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * The tokens of one run, minted before the ramp with vertx-auth-jwt: one per connection (its own
 * {@code sub}, {@code load-<index>}) and one for the HTTP side (/api/symbols, /api/snapshot).
 * HS256 costs microseconds a token, so 10,000 connections need a few tens of milliseconds.
 */
public final class Tokens {

  public static final String HTTP_SUB = "load-http";

  private final String[] perConnection;
  public final String http;
  /** Making the signer and the first (HTTP) token: class loading and JIT warm-up, paid once per process. */
  public final double setupMillis;
  /** The per-connection tokens alone. */
  public final double mintMillis;

  private Tokens(String[] perConnection, String http, double setupMillis, double mintMillis) {
    this.perConnection = perConnection;
    this.http = http;
    this.setupMillis = setupMillis;
    this.mintMillis = mintMillis;
  }

  static String sub(int index) {
    return "load-" + index;
  }

  /** Tokens for connections 0..count-1, plus the HTTP one. */
  public static Tokens mint(Vertx vertx, JwtSettings s, int count) {
    long t0 = System.nanoTime();
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(s.secret())));
    String http = sign(auth, s, HTTP_SUB);
    long t1 = System.nanoTime();
    String[] tokens = new String[count];
    for (int i = 0; i < count; i++) {
      tokens[i] = sign(auth, s, sub(i));
    }
    return new Tokens(tokens, http, (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);
  }

  /** "10,000 minted in 120 ms (12 µs each, after 600 ms to set up the signer)". */
  public String describeTiming() {
    return String.format("%,d minted in %.0f ms (%.0f µs each, after %.0f ms to set up the signer)", count(), mintMillis,
        count() == 0 ? 0 : mintMillis * 1000 / count(), setupMillis);
  }

  private static String sign(JWTAuth auth, JwtSettings s, String sub) {
    return Jwt.sign(auth, "HS256", sub, s.grants(), s.ttlSeconds(), s.issuer(), s.audience());
  }

  public int count() {
    return perConnection.length;
  }

  public String of(int index) {
    return perConnection[index];
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }
}
