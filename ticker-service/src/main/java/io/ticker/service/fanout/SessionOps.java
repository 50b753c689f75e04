package io.ticker.service.fanout;

import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.Op;
import io.ticker.model.protocol.ProtocolException;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.Logging;
import io.ticker.service.cache.SymbolDirectory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ops one {@link ClientSession} sends ({@code auth}, {@code subscribe}, {@code unsubscribe},
 * {@code symbols}, {@code ping}, {@code candles}, {@code uncandles}): rate-limited, parsed, checked
 * against its token and answered, every refusal as a coded error. On the connection's shard loop.
 */
final class SessionOps {

  private static final Logger LOG = Logger.getLogger(SessionOps.class.getName());

  private final ClientSession session;
  private final Shard shard;
  private final SessionAuth auth;
  private final OpsRateLimiter limiter;

  SessionOps(ClientSession session, Shard shard, SessionAuth auth) {
    this.session = session;
    this.shard = shard;
    this.auth = auth;
    this.limiter = new OpsRateLimiter(shard.config().maxOpsPerSec(), System.nanoTime());
  }

  void onText(String message) {
    switch (limiter.onOp(System.nanoTime())) {
      case ACCEPT -> handle(message);
      case REJECT_AND_WARN -> session.send(ServerMessages.error(null, ErrorCode.RATE_LIMITED,
          "more than " + shard.config().maxOpsPerSec() + " ops/s; slow down or be disconnected"));
      case REJECT -> { }
      case CLOSE -> {
        if (!session.closed) { // ops already received keep coming in after the close
          Logging.log(LOG, Level.INFO, "flooding after RATE_LIMITED, closing with 1008", session.id, session.peer());
        }
        session.close(CloseCode.POLICY_VIOLATION, "flooding after RATE_LIMITED");
      }
    }
  }

  private void handle(String message) {
    try {
      ClientRequest request = ClientRequest.parse(message);
      if (request.op() == Op.AUTH) {
        auth.onAuth(request);
        return;
      }
      if (!session.authorized) {
        throw new ProtocolException(ErrorCode.UNAUTHORIZED, request.id(), auth.refusal());
      }
      switch (request.op()) {
        case SUBSCRIBE -> subscribe(request);
        case UNSUBSCRIBE -> unsubscribe(request);
        case SYMBOLS -> session.send(ServerMessages.symbols(request.id(), shard.grantedInfos(auth.identity().grants())));
        case PING -> session.send(ServerMessages.pong(request.id(), System.currentTimeMillis()));
        case CANDLES -> session.candleStreams().start(request);
        case UNCANDLES -> session.candleStreams().stop(request);
        default -> throw new IllegalStateException("op " + request.op());
      }
    } catch (ProtocolException e) {
      session.send(ServerMessages.error(e.id(), e.code(), e.getMessage()));
    }
  }

  private void subscribe(ClientRequest request) throws ProtocolException {
    boolean star = request.symbols().contains("*");
    ResolvedSymbols asked = shard.resolve(star ? List.of() : request.symbols(), session.grants());
    BitSet wanted = asked.ids();
    if (!star) {
      Subscription held = session.subscription.set;
      if (held.size() + held.countNew(wanted) > shard.config().maxSymbolsPerConn()) {
        throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, request.id(),
            "at most " + shard.config().maxSymbolsPerConn() + " symbols per connection (or subscribe to \"*\")");
      }
    }
    if (!asked.unknown().isEmpty()) {
      session.send(ServerMessages.error(request.id(), ErrorCode.UNKNOWN_SYMBOL, asked.unknownMessage()));
    }
    if (!asked.forbidden().isEmpty()) {
      session.send(ServerMessages.error(request.id(), ErrorCode.FORBIDDEN, asked.forbiddenMessage()));
    }
    if (!star && asked.known().isEmpty()) {
      return;
    }
    int interval = request.intervalMs() != null ? request.intervalMs()
        : session.group != null ? session.group.intervalMs() : shard.config().defaultIntervalMs();
    session.send(ServerMessages.subscribed(request.id(), star ? List.of("*") : asked.known(), interval));
    session.subscribe(star ? null : wanted, interval, Snapshots.resumePoint(request.since(), shard.directory()));
  }

  private void unsubscribe(ClientRequest request) {
    SymbolDirectory directory = shard.directory();
    List<String> removed = new ArrayList<>();
    Subscription next;
    if (request.symbols().contains("*")) {
      next = Subscription.NONE;
      removed.add("*");
    } else {
      BitSet drop = new BitSet();
      for (String symbol : request.symbols()) {
        int symbolId = directory.find(symbol);
        if (symbolId >= 0 && session.subscription.set.contains(symbolId) && !drop.get(symbolId)) {
          drop.set(symbolId);
          removed.add(symbol);
        }
      }
      next = session.subscription.set.without(drop, directory.size());
    }
    session.replaceSubscription(next);
    session.send(ServerMessages.unsubscribed(request.id(), removed));
    session.leaveGroupIfIdle();
  }
}
