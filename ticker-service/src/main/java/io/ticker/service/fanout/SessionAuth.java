package io.ticker.service.fanout;

import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.auth.AuthAudit;
import io.ticker.service.auth.AuthFailure;
import io.ticker.service.auth.Identity;
import io.ticker.service.auth.TokenVerifier;
import io.vertx.core.Vertx;

/**
 * The token state of one connection (docs/protocol.md, access control), on its shard's event loop:
 *
 * <pre>
 *   (auth none) ──────────────────────────────────────▶ AUTHED for ever, as anonymous
 *   upgrade with a valid Bearer header ───────────────▶ AUTHED
 *   upgrade without one ──▶ AWAITING ──auth ok──────▶ AUTHED ──exp──▶ EXPIRED ──auth ok──▶ AUTHED
 *                              │ timeout / bad token        │ bad token      │ grace / bad token
 *                              ▼                            ▼                ▼
 *                     UNAUTHORIZED, close 1008      UNAUTHORIZED, 1008   close 1008
 * </pre>
 *
 * The grace after expiry is {@code --auth-expired-grace-ms} (30 s).
 *
 * Only AUTHED connections are sent data or have ops served; a refresh ({@code auth} again)
 * replaces the identity, and the session drops symbols the new grants no longer cover.
 */
final class SessionAuth {

  private enum State { AWAITING, AUTHED, EXPIRED }

  private final ClientSession session;
  private final Vertx vertx;
  private final TokenVerifier verifier;
  private final AuthAudit audit;
  private final String peer;
  private final int expiredGraceMs;
  private State state;
  private Identity identity;
  private long timerId = -1;

  /** {@code identity}: from the upgrade's header, {@link Identity#ANONYMOUS} without auth, or null to wait for {@code auth}. */
  SessionAuth(ClientSession session, Vertx vertx, TokenVerifier verifier, AuthAudit audit, String peer,
              Identity identity, int timeoutMs, int expiredGraceMs) {
    this.session = session;
    this.expiredGraceMs = expiredGraceMs;
    this.vertx = vertx;
    this.verifier = verifier;
    this.audit = audit;
    this.peer = peer;
    if (identity != null) {
      become(identity);
    } else {
      setState(State.AWAITING);
      timerId = vertx.setTimer(timeoutMs, t -> {
        timerId = -1;
        refuse(null, new AuthFailure(AuthFailure.Reason.TIMEOUT, "no valid token within " + timeoutMs + " ms"));
      });
    }
  }

  /**
   * The state, and on the session whether it may be served ops and sent data ({@link
   * ClientSession#authorized}): a flush then reads the session only, not this object too, for each
   * of thousands of connections.
   */
  private void setState(State next) {
    state = next;
    session.authorized = next == State.AUTHED;
  }

  Identity identity() {
    return identity;
  }

  /** Why an op other than {@code auth} is refused now. */
  String refusal() {
    return state == State.EXPIRED ? "token expired; send a fresh one with {\"op\":\"auth\",\"token\":…}"
        : "authenticate first with {\"op\":\"auth\",\"token\":…}";
  }

  void onAuth(ClientRequest request) {
    if (verifier == null) {
      session.send(ServerMessages.error(request.id(), ErrorCode.BAD_REQUEST, "this server needs no token (auth none)"));
      return;
    }
    verifier.verify(request.token(), System.currentTimeMillis()).onComplete(ar -> {
      if (!session.open()) {
        return;
      }
      if (ar.failed()) {
        refuse(request, ar.cause() instanceof AuthFailure f ? f : new AuthFailure(AuthFailure.Reason.INVALID, "invalid token"));
        return;
      }
      Identity previous = identity;
      become(ar.result());
      session.send(ServerMessages.authed(request.id(), identity.sub(), identity.expiresAtMs()));
      if (previous != null && !previous.grants().equals(identity.grants())) {
        session.onGrantsChanged();
      }
    });
  }

  private void become(Identity next) {
    cancelTimer();
    identity = next;
    setState(State.AUTHED);
    if (next.expiresAtMs() != Long.MAX_VALUE) {
      long delay = Math.max(1, next.expiresAtMs() - System.currentTimeMillis());
      timerId = vertx.setTimer(delay, t -> {
        timerId = -1;
        expire();
      });
    }
  }

  private void expire() {
    setState(State.EXPIRED);
    audit.failed(new AuthFailure(AuthFailure.Reason.EXPIRED, "token expired"), session.twoWay() ? "ws" : "sse", peer);
    session.send(ServerMessages.error(null, ErrorCode.UNAUTHORIZED, "token expired"));
    if (!session.twoWay()) { // an SSE client cannot send a fresh token: its stream ends now
      session.close(CloseCode.POLICY_VIOLATION, "token expired");
      return;
    }
    timerId = vertx.setTimer(Math.max(1, expiredGraceMs), t -> {
      timerId = -1;
      session.close(CloseCode.POLICY_VIOLATION, "token expired");
    });
  }

  private void refuse(ClientRequest request, AuthFailure failure) {
    cancelTimer();
    audit.failed(failure, "ws", peer);
    session.send(ServerMessages.error(request == null ? null : request.id(), ErrorCode.UNAUTHORIZED, failure.getMessage()));
    session.close(CloseCode.POLICY_VIOLATION, failure.reason() == AuthFailure.Reason.TIMEOUT ? "no token" : "invalid token");
  }

  void onClosed() {
    cancelTimer();
  }

  private void cancelTimer() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
