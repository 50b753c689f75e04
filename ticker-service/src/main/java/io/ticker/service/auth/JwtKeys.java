package io.ticker.service.auth;

import io.ticker.model.protocol.Jwt;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Reads the key material of {@code --jwt-secret-file} / {@code --jwt-public-key-file} into
 * vertx-auth-jwt key options. HS256: {@link Jwt#readSecret} (the file's trimmed text, at least 32 bytes).
 * RS256 or ES256 follows from the PEM public key's type.
 */
public final class JwtKeys {

  private JwtKeys() {
  }

  public static PubSecKeyOptions hmac(Path secretFile) {
    return new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Jwt.readSecret(secretFile, "--jwt-secret-file"));
  }

  public static PubSecKeyOptions publicKey(Path pemFile) {
    String pem = read(pemFile);
    return new PubSecKeyOptions().setAlgorithm(algorithmOf(pem)).setBuffer(pem);
  }

  /** RS256 for an RSA key, ES256 for an EC key; anything else is refused. */
  static String algorithmOf(String pem) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    if (!pem.contains("BEGIN PUBLIC KEY")) {
      throw new IllegalArgumentException("--jwt-public-key-file must be a PEM \"PUBLIC KEY\" (SubjectPublicKeyInfo)");
    }
    byte[] der = Base64.getDecoder().decode(base64);
    for (String type : new String[] {"RSA", "EC"}) {
      try {
        PublicKey key = KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
        return key instanceof ECPublicKey ? "ES256" : "RS256";
      } catch (Exception e) {
        // not this type
      }
    }
    throw new IllegalArgumentException("--jwt-public-key-file holds neither an RSA nor an EC public key");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
