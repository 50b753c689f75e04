package io.ticker.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.ServiceConfig.AuthSettings;
import io.ticker.service.testing.TestPki;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token verification for each key kind the service takes, and the {@code token} command's output. */
class TokenVerifierTest {

  static Vertx vertx;
  @TempDir
  static Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  private static AuthSettings publicKey(Path pem) {
    return new AuthSettings(true, null, pem.toString(), null, null, 5000, 30000);
  }

  private static String sign(String algorithm, String pem, JsonObject claims) {
    return JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem)))
        .generateToken(claims, new JWTOptions().setAlgorithm(algorithm));
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "dave").put("symbols", new JsonArray().add("kind:stock").add("BTC-USD"))
        .put("exp", System.currentTimeMillis() / 1000 + 600);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static AuthFailure.Reason refusal(TokenVerifier verifier, String token) throws Exception {
    return await(verifier.verify(token, System.currentTimeMillis()).map(i -> (AuthFailure.Reason) null)
        .recover(e -> Future.succeededFuture(((AuthFailure) e).reason())));
  }

  @Test
  void rs256AndEs256TokensVerifyWithThePublicKeyAndTheAlgorithmFollowsTheKey() throws Exception {
    for (String algorithm : List.of("RS256", "ES256")) {
      KeyPair keys = algorithm.equals("RS256") ? TestPki.rsa() : TestPki.ec();
      Path pub = TestPki.writePublicKeyPem(keys.getPublic(), dir.resolve(algorithm + ".pub.pem"));
      Path priv = TestPki.writePrivateKeyPem(keys.getPrivate(), dir.resolve(algorithm + ".pem"));
      TokenVerifier verifier = TokenVerifier.create(vertx, publicKey(pub));
      Identity identity = await(verifier.verify(sign(algorithm, Files.readString(priv), claims()), System.currentTimeMillis()));
      assertEquals("dave", identity.sub());
      assertTrue(identity.grants().permits("AAPL", "stock") && identity.grants().permits("BTC-USD", "crypto"));
      assertTrue(!identity.grants().permits("ETH-USD", "crypto"));
    }
  }

  @Test
  void aTokenOfAnotherAlgorithmOrKeyIsRefused() throws Exception {
    KeyPair rsa = TestPki.rsa();
    Path rsaPub = TestPki.writePublicKeyPem(rsa.getPublic(), dir.resolve("rsa.pub.pem"));
    TokenVerifier verifier = TokenVerifier.create(vertx, publicKey(rsaPub));
    KeyPair other = TestPki.ec();
    String es256 = sign("ES256", Files.readString(TestPki.writePrivateKeyPem(other.getPrivate(), dir.resolve("other.pem"))), claims());
    assertEquals(AuthFailure.Reason.INVALID, refusal(verifier, es256), "ES256 token against an RSA key");
    // Algorithm confusion: HS256 "signed" with the public key's text as the secret.
    String confused = sign("HS256", Files.readString(rsaPub), claims());
    assertEquals(AuthFailure.Reason.INVALID, refusal(verifier, confused), "HS256 with the public key as secret");
    assertEquals(AuthFailure.Reason.MISSING, refusal(verifier, ""));
  }

  @Test
  void theTokenCommandPrintsATokenTheServiceAccepts() throws Exception {
    Path secret = dir.resolve("cmd.secret");
    Files.writeString(secret, "a-long-enough-development-secret-0123456789\n");
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = new picocli.CommandLine(new TokenCommand()).execute("--jwt-secret-file", secret.toString(), "--sub", "alice",
          "--symbols", "kind:crypto,AAPL", "--ttl", "1h");
    } finally {
      System.setOut(stdout);
    }
    assertEquals(0, code);
    TokenVerifier verifier = TokenVerifier.create(vertx, new AuthSettings(true, secret.toString(), null, null, null, 5000, 30000));
    Identity identity = await(verifier.verify(out.toString(StandardCharsets.UTF_8).trim(), System.currentTimeMillis()));
    assertEquals("alice", identity.sub());
    assertTrue(identity.grants().permits("AAPL", "stock") && identity.grants().permits("SOL-USD", "crypto"));
    long hour = System.currentTimeMillis() + 3_600_000;
    assertTrue(Math.abs(identity.expiresAtMs() - hour) < 5_000, "ttl 1h");
  }

  @Test
  void aShortSecretIsRefusedAtStart() throws Exception {
    Path secret = dir.resolve("short.secret");
    Files.writeString(secret, "too-short");
    assertEquals("--jwt-secret-file must hold at least 32 bytes of secret",
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> JwtKeys.hmac(secret)).getMessage());
  }
}
