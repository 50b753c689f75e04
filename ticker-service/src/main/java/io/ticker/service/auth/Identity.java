package io.ticker.service.auth;

/**
 * Who a connection or request is, from a verified token: the user ({@code sub}), what they may
 * see, and when the token stops being valid (epoch ms; {@code Long.MAX_VALUE} = never).
 */
public record Identity(String sub, Grants grants, long expiresAtMs) {

  /** Everybody, when the service runs with {@code --auth none}. */
  public static final Identity ANONYMOUS = new Identity("anonymous", Grants.ALL, Long.MAX_VALUE);
}
