package io.ticker.service.auth;

/** Why a token was refused; {@link Reason#label()} is the {@code reason} tag of {@code ticker_auth_failures_total}. */
public final class AuthFailure extends Exception {

  public enum Reason {
    /** No token where one is required (HTTP without Authorization). */
    MISSING("missing"),
    /** Not a JWT, bad signature, an algorithm that is not accepted (including "none"), wrong issuer or audience, no exp or sub. */
    INVALID("invalid"),
    /** {@code exp} passed, at verification or during a session. */
    EXPIRED("expired"),
    /** {@code nbf} in the future. */
    NOT_YET_VALID("not_yet_valid"),
    /** A WebSocket that sent no valid token within the auth timeout. */
    TIMEOUT("timeout");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final Reason reason;

  public AuthFailure(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
