package io.ticker.model.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The tokens of access control (docs/protocol.md): which claim carries the grants and how a grant
 * is spelled, how an HS256 secret file is read, and how a token is signed. The service verifies
 * them; its {@code token} command, the load test and the tests sign them, all through here.
 */
public final class Jwt {

  /** The claim listing the grants. */
  public static final String GRANTS_CLAIM = "symbols";
  /** The grant of every symbol. */
  public static final String ALL = "*";
  /** A grant of a whole kind: {@code kind:crypto}, {@code kind:stock}. */
  public static final String KIND_PREFIX = "kind:";
  /** RFC 7518 asks for an HS256 key at least as long as the hash. */
  public static final int MIN_SECRET_BYTES = 32;

  private Jwt() {
  }

  /**
   * The HS256 key in {@code file}: its text, trimmed of surrounding whitespace, as UTF-8 bytes.
   * Throws {@link IllegalArgumentException} with a one-line reason naming {@code flag}.
   */
  public static String readSecret(Path file, String flag) {
    String secret;
    try {
      secret = Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read " + flag + " " + file + ": no such file");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot read " + flag + " " + file + ": " + e.getMessage());
    }
    if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(flag + " must hold at least " + MIN_SECRET_BYTES + " bytes of secret");
    }
    return secret;
  }

  /** A token for {@code sub} with {@code grants}, valid {@code ttlSeconds} from now; iss and aud when not null. */
  public static String sign(JWTAuth signer, String algorithm, String sub, List<String> grants, long ttlSeconds,
                            String issuer, String audience) {
    JWTOptions options = new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds((int) ttlSeconds).setSubject(sub);
    if (issuer != null) {
      options.setIssuer(issuer);
    }
    if (audience != null) {
      options.setAudience(List.of(audience));
    }
    // generateToken adds iat and exp to the claims object: a fresh one per token
    return signer.generateToken(new JsonObject().put(GRANTS_CLAIM, new JsonArray(List.copyOf(grants))), options);
  }
}
