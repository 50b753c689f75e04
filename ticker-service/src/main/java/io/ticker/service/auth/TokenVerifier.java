package io.ticker.service.auth;

import io.ticker.model.protocol.Jwt;
import io.ticker.service.ServiceConfig.AuthSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Verifies JSON Web Tokens with vertx-auth-jwt (signature, algorithm, issuer, audience) and then
 * the claims this service needs: {@code exp} present and in the future, {@code nbf} (if any)
 * passed, {@code sub}, and the {@code symbols} grants. Only the configured key's algorithm is
 * accepted, so {@code alg: none} and algorithm confusion are refused by the library.
 */
public final class TokenVerifier {

  private final JWTAuth jwt;

  private TokenVerifier(JWTAuth jwt) {
    this.jwt = jwt;
  }

  /** The verifier for {@code settings}, or null when the service runs with {@code --auth none}. */
  public static TokenVerifier create(Vertx vertx, AuthSettings settings) {
    if (!settings.jwt()) {
      return null;
    }
    JWTOptions options = new JWTOptions().setIgnoreExpiration(true); // checked below, with our own reasons
    if (settings.issuer() != null) {
      options.setIssuer(settings.issuer());
    }
    if (settings.audience() != null) {
      options.setAudience(List.of(settings.audience()));
    }
    JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(options)
        .addPubSecKey(settings.secretFile() != null
            ? JwtKeys.hmac(Path.of(settings.secretFile()))
            : JwtKeys.publicKey(Path.of(settings.publicKeyFile())));
    return new TokenVerifier(JWTAuth.create(vertx, auth));
  }

  /** The identity in {@code token}, or a failed future with an {@link AuthFailure}. */
  public Future<Identity> verify(String token, long nowMs) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(new AuthFailure(AuthFailure.Reason.MISSING, "no token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(new AuthFailure(AuthFailure.Reason.INVALID, "invalid token: " + plain(e))))
        .compose(user -> {
          try {
            return Future.succeededFuture(identity(user.attributes().getJsonObject("accessToken"), nowMs));
          } catch (AuthFailure failure) {
            return Future.failedFuture(failure);
          }
        });
  }

  static Identity identity(JsonObject claims, long nowMs) throws AuthFailure {
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number)) {
      throw new AuthFailure(AuthFailure.Reason.INVALID, "invalid token: no exp claim");
    }
    long expiresAtMs = ((Number) exp).longValue() * 1000;
    if (nowMs >= expiresAtMs) {
      throw new AuthFailure(AuthFailure.Reason.EXPIRED, "token expired");
    }
    Object nbf = claims.getValue("nbf");
    if (nbf instanceof Number n && nowMs < n.longValue() * 1000) {
      throw new AuthFailure(AuthFailure.Reason.NOT_YET_VALID, "token not valid yet");
    }
    String sub = claims.getValue("sub") instanceof String s && !s.isBlank() ? s : null;
    if (sub == null) {
      throw new AuthFailure(AuthFailure.Reason.INVALID, "invalid token: no sub claim");
    }
    List<String> grants = new ArrayList<>();
    if (claims.getValue(Jwt.GRANTS_CLAIM) instanceof JsonArray array) {
      for (Object grant : array) {
        if (grant instanceof String g) {
          grants.add(g);
        }
      }
    }
    return new Identity(sub, Grants.parse(grants), expiresAtMs);
  }

  /** The library's reason in a few words, never the token itself. */
  private static String plain(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.length() > 120 ? message.substring(0, 120) : message;
  }
}
