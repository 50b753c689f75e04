package io.ticker.service.auth;

import io.ticker.model.Durations;
import io.ticker.model.protocol.Jwt;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ticker-service token …}: prints a signed token, for development and tests. */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
    description = "Prints a signed JWT for --auth jwt (development and tests).")
public final class TokenCommand implements Callable<Integer> {

  private static final long MAX_TTL_SECONDS = 366L * 86_400;

  @Spec CommandSpec spec;

  @Option(names = "--jwt-secret-file", description = "HS256 secret (the file's trimmed text).")
  String secretFile;
  @Option(names = "--jwt-private-key-file", description = "RS256/ES256 private key, PEM PKCS#8 (the algorithm follows the key).")
  String privateKeyFile;
  @Option(names = "--sub", required = true, description = "The user (sub claim).")
  String sub;
  @Option(names = "--symbols", split = ",", defaultValue = "*", description = "Grants: *, kind:crypto, kind:stock or exact symbols, comma-separated.")
  List<String> symbols;
  @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime, e.g. 90s, 15m, 1h, 7d.")
  String ttl;
  @Option(names = "--issuer", description = "iss claim.")
  String issuer;
  @Option(names = "--audience", description = "aud claim.")
  String audience;

  @Override
  public Integer call() {
    if ((secretFile == null) == (privateKeyFile == null)) {
      throw new ParameterException(spec.commandLine(), "give exactly one of --jwt-secret-file and --jwt-private-key-file");
    }
    long ttlSeconds;
    try {
      ttlSeconds = Durations.millis("--ttl", ttl) / 1000;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) {
      throw new ParameterException(spec.commandLine(), "--ttl must be between 1s and 366d, got " + ttl);
    }
    Vertx vertx = Vertx.vertx();
    try {
      PubSecKeyOptions key = secretFile != null ? JwtKeys.hmac(Path.of(secretFile)) : privateKey(Path.of(privateKeyFile));
      System.out.println(sign(vertx, key, sub, symbols, ttlSeconds, issuer, audience));
      return 0;
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } finally {
      vertx.close();
    }
  }

  /** A token for {@code sub} with {@code grants}, valid for {@code ttlSeconds} from now. */
  public static String sign(Vertx vertx, PubSecKeyOptions key, String sub, List<String> grants, long ttlSeconds,
                            String issuer, String audience) {
    return Jwt.sign(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key)), key.getAlgorithm(), sub, grants, ttlSeconds,
        issuer, audience);
  }

  static PubSecKeyOptions privateKey(Path pemFile) {
    String pem = JwtKeys.read(pemFile);
    if (!pem.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException("--jwt-private-key-file must be a PEM \"PRIVATE KEY\" (PKCS#8)");
    }
    byte[] der = Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    for (String type : new String[] {"EC", "RSA"}) {
      try {
        var k = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
        return new PubSecKeyOptions().setAlgorithm(k instanceof ECPrivateKey ? "ES256" : "RS256").setBuffer(pem);
      } catch (Exception e) {
        // not this type
      }
    }
    throw new IllegalArgumentException("--jwt-private-key-file holds neither an RSA nor an EC private key");
  }
}
