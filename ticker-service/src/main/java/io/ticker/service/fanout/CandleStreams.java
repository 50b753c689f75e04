package io.ticker.service.fanout;

import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.FrameType;
import io.ticker.model.protocol.ProtocolException;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.model.protocol.Timeframe;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A connection's {@code candles} streams: the ops that start and stop them, and their part of each
 * flush. A stream starts with its history (the reply) and then gets, on its connection's interval,
 * each candle that closed and the forming one when it changed.
 */
final class CandleStreams {

  private final ClientSession session;
  private final Shard shard;
  private final List<CandleStream> streams = new ArrayList<>(2);

  CandleStreams(ClientSession session, Shard shard) {
    this.session = session;
    this.shard = shard;
  }

  boolean isEmpty() {
    return streams.isEmpty();
  }

  /** {@code candles}: history now, then the stream (restarted when it runs already). */
  void start(ClientRequest request) throws ProtocolException {
    ClientRequest.CandleStream asked = request.candles();
    String symbol = checked(request);
    int max = shard.config().candles().maxStreamsPerConn();
    CandleStream stream = find(symbol, asked.tf());
    if (stream == null && streams.size() >= max) {
      throw new ProtocolException(ErrorCode.LIMIT_EXCEEDED, request.id(),
          "at most " + max + " candles streams per connection; uncandles one first");
    }
    if (stream == null) {
      stream = shard.candleFrames().open(symbol, asked.tf());
      streams.add(stream);
    } else {
      stream.sent(Long.MIN_VALUE, 0);
    }
    session.send(shard.candleFrames().history(FrameType.CANDLES, request.id(), symbol, asked.tf(), asked.limit(), stream));
    session.joinGroup();
  }

  /** {@code uncandles}: the stream ends (also when there was none: the client's view is the same). */
  void stop(ClientRequest request) throws ProtocolException {
    ClientRequest.CandleStream asked = request.candles();
    streams.removeIf(s -> s.is(asked.symbol(), asked.tf()));
    session.send(ServerMessages.uncandled(request.id(), asked.symbol(), asked.tf()));
    session.leaveGroupIfIdle();
  }

  /** The stream's symbol, known and granted, or the coded reason not. */
  private String checked(ClientRequest request) throws ProtocolException {
    ResolvedSymbols resolved = shard.resolve(List.of(request.candles().symbol()), session.grants());
    if (!resolved.unknown().isEmpty()) {
      throw new ProtocolException(ErrorCode.UNKNOWN_SYMBOL, request.id(), resolved.unknownMessage());
    }
    if (!resolved.forbidden().isEmpty()) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, request.id(), resolved.forbiddenMessage());
    }
    return resolved.known().get(0);
  }

  private CandleStream find(String symbol, Timeframe tf) {
    for (CandleStream stream : streams) {
      if (stream.is(symbol, tf)) {
        return stream;
      }
    }
    return null;
  }

  /** Ends the streams whose symbol the grants no longer cover, telling the client ({@code uncandled} each). */
  void dropUngranted(Predicate<String> granted) {
    streams.removeIf(stream -> {
      if (granted.test(stream.symbol)) {
        return false;
      }
      session.send(ServerMessages.uncandled(null, stream.symbol, stream.tf));
      return true;
    });
  }

  /** This connection's candle frames of a flush; returns how many were written. */
  int flush() {
    int written = 0;
    for (int i = 0; i < streams.size(); i++) {
      written += shard.candleFrames().flush(streams.get(i), session);
    }
    return written;
  }
}
