package io.ticker.service;

import io.ticker.service.auth.JwtKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/** Signs tokens for tests with any claims, including the wrong ones a server must refuse. */
final class TestTokens {

  private final JWTAuth signer;
  private final String algorithm;

  private TestTokens(PubSecKeyOptions key) {
    this.signer = JWTAuth.create(Vertx.vertx(), new JWTAuthOptions().addPubSecKey(key));
    this.algorithm = key.getAlgorithm();
  }

  /** A fresh HS256 secret file in {@code dir}, and a signer with it. */
  static TestTokens hs256(Path dir, String name) {
    Path file = dir.resolve(name);
    try {
      Files.writeString(file, "  " + name + "-" + "0123456789abcdef".repeat(3) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TestTokens tokens = new TestTokens(JwtKeys.hmac(file));
    tokens.file = file;
    return tokens;
  }

  /** A signer with a PEM private key (RS256 or ES256). */
  static TestTokens withPrivateKey(String algorithm, Path privatePem) {
    try {
      return new TestTokens(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(Files.readString(privatePem)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file;

  /** Valid for {@code ttlSeconds}: sub, symbols grants, exp (and iss/aud when given). */
  String token(String sub, List<String> grants, long ttlSeconds) {
    long now = System.currentTimeMillis() / 1000;
    return sign(claims(sub, grants).put("exp", now + ttlSeconds));
  }

  static JsonObject claims(String sub, List<String> grants) {
    return new JsonObject().put("sub", sub).put("symbols", new JsonArray(grants)).put("iat", System.currentTimeMillis() / 1000);
  }

  /** Exactly these claims, signed. */
  String sign(JsonObject claims) {
    return signer.generateToken(claims, new JWTOptions().setAlgorithm(algorithm));
  }

  /** The same claims with {@code "alg":"none"} and no signature. */
  static String unsigned(JsonObject claims) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
        + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8)) + ".";
  }
}
