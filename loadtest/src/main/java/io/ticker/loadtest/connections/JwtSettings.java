package io.ticker.loadtest.connections;

import io.ticker.loadtest.LoadTestOptions;
import io.ticker.model.Durations;
import io.ticker.model.protocol.Jwt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The token settings of a run against a service with {@code --auth jwt}, validated: the HS256
 * secret (read as the service reads {@code --jwt-secret-file}: {@link Jwt#readSecret}), the grants, the lifetime and the optional iss / aud claims.
 */
public record JwtSettings(String secret, List<String> grants, long ttlSeconds, String issuer, String audience, boolean viaOp) {


  /** Null when {@code --jwt-secret-file} is not set (a service with --auth none); throws a one-line reason otherwise. */
  public static JwtSettings from(LoadTestOptions o) {
    if (o.jwtSecretFile == null || o.jwtSecretFile.isBlank()) {
      if (o.jwtViaOp) {
        throw new IllegalArgumentException("--jwt-via-op needs --jwt-secret-file");
      }
      return null;
    }
    String secret = Jwt.readSecret(Path.of(o.jwtSecretFile.trim()), "--jwt-secret-file");
    List<String> grants = new ArrayList<>();
    for (String g : o.jwtSymbols == null ? List.<String>of() : o.jwtSymbols) {
      String grant = g.trim();
      if (grant.isEmpty()) {
        continue;
      }
      if (grant.chars().anyMatch(Character::isWhitespace)
          || (grant.startsWith(Jwt.KIND_PREFIX) && grant.length() == Jwt.KIND_PREFIX.length())) {
        throw new IllegalArgumentException("--jwt-symbols: '" + grant + "' is not a grant (*, kind:crypto, kind:stock or a symbol)");
      }
      grants.add(grant);
    }
    if (grants.isEmpty()) {
      throw new IllegalArgumentException("--jwt-symbols needs at least one grant (*, kind:crypto, kind:stock or a symbol)");
    }
    long ttlMs = Durations.millis("--jwt-ttl", o.jwtTtl);
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
