package io.ticker.loadtest.connections;

import io.ticker.loadtest.LoadTestOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The token settings of a run against a service with {@code --auth jwt}, validated: the HS256
 * secret (read the way the service reads {@code --jwt-secret-file}: the file's text, trimmed, as
 * UTF-8 bytes, at least 32 of them), the grants, the lifetime and the optional iss / aud claims.
 */
public record JwtSettings(String secret, List<String> grants, long ttlSeconds, String issuer, String audience, boolean viaOp) {

  /** RFC 7518 asks for a key at least as long as the hash; the service refuses shorter secrets. */
  static final int MIN_SECRET_BYTES = 32;
  static final String KIND_PREFIX = "kind:";

  /** Null when {@code --jwt-secret-file} is not set (a service with --auth none); throws a one-line reason otherwise. */
  public static JwtSettings from(LoadTestOptions o) {
    if (o.jwtSecretFile == null || o.jwtSecretFile.isBlank()) {
      if (o.jwtViaOp) {
        throw new IllegalArgumentException("--jwt-via-op needs --jwt-secret-file");
      }
      return null;
    }
    Path file = Path.of(o.jwtSecretFile.trim());
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read --jwt-secret-file " + file + ": " + io.ticker.loadtest.LoadTestConfig.ioReason(e));
    }
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("--jwt-secret-file must hold at least " + MIN_SECRET_BYTES + " bytes of secret");
    }
    List<String> grants = new ArrayList<>();
    for (String g : o.jwtSymbols == null ? List.<String>of() : o.jwtSymbols) {
      String grant = g.trim();
      if (grant.isEmpty()) {
        continue;
      }
      if (grant.chars().anyMatch(Character::isWhitespace)
          || (grant.startsWith(KIND_PREFIX) && grant.length() == KIND_PREFIX.length())) {
        throw new IllegalArgumentException("--jwt-symbols: '" + grant + "' is not a grant (*, kind:crypto, kind:stock or a symbol)");
      }
      grants.add(grant);
    }
    if (grants.isEmpty()) {
      throw new IllegalArgumentException("--jwt-symbols needs at least one grant (*, kind:crypto, kind:stock or a symbol)");
    }
    long ttlMs = io.ticker.loadtest.DurationParser.millis("--jwt-ttl", o.jwtTtl);
    if (ttlMs < 1000 || ttlMs / 1000 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--jwt-ttl must be at least 1s");
    }
    return new JwtSettings(secret, List.copyOf(grants), ttlMs / 1000, blankToNull(o.jwtIssuer), blankToNull(o.jwtAudience), o.jwtViaOp);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** For the reports: everything but the secret. */
  public String describe() {
    return "HS256, grants " + String.join(",", grants) + ", ttl " + ttlSeconds + " s"
        + (issuer != null ? ", iss " + issuer : "") + (audience != null ? ", aud " + audience : "")
        + (viaOp ? ", sent as the auth op" : ", sent as Authorization: Bearer on the upgrade");
  }

  @Override
  public String toString() {
    return "JwtSettings[" + describe() + "]";
  }
}
