package io.ticker.service.candles;

import io.ticker.service.bus.Query;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Candle history between nodes. The ingest leader {@link #serve answers} requests for it; a node
 * that starts {@link #fetch fetches} all of it before it reports ready, a chunk of about
 * {@link #CHUNK_BYTES} at a time, each chunk one symbol's state after another. Each symbol's
 * state carries the last seq it counted, so ticks the node received meanwhile and applies
 * afterwards are counted exactly once.
 */
public final class CandleSync {

  /** About this much history per event-bus message: no giant message through the cluster. */
  static final int CHUNK_BYTES = 1 << 20;
  /** Names per request; the reply covers as many of them as fit one chunk. */
  private static final int NAMES_PER_REQUEST = 500;

  private CandleSync() {
  }

  /** Answers history requests from {@code book} (the leader's ingest registers this). */
  public static MessageConsumer<JsonObject> serve(EventBus bus, CandleBook book) {
    return Query.CANDLE_HISTORY.answer(bus, request -> {
      List<String> names = request.getJsonArray("symbols").stream().map(String.class::cast).toList();
      Buffer reply = Buffer.buffer(CHUNK_BYTES + 4096).appendInt(0);
      int covered = book.writeChunk(names, reply, CHUNK_BYTES);
      return reply.setInt(0, covered);
    });
  }

  /** Fetches the leader's history of {@code symbols} into {@code book}, chunk after chunk. */
  public static Future<Void> fetch(EventBus bus, CandleBook book, List<String> symbols) {
    return fetchFrom(bus, book, symbols, 0);
  }

  private static Future<Void> fetchFrom(EventBus bus, CandleBook book, List<String> symbols, int from) {
    if (from >= symbols.size()) {
      return Future.succeededFuture();
    }
    List<String> names = symbols.subList(from, Math.min(symbols.size(), from + NAMES_PER_REQUEST));
    return Query.CANDLE_HISTORY.ask(bus, new JsonObject().put("symbols", new JsonArray(List.copyOf(names))))
        .compose(reply -> {
          int covered = reply.getInt(0);
          book.readChunk(reply.getBuffer(4, reply.length()));
          return fetchFrom(bus, book, symbols, from + Math.max(1, covered));
        });
  }
}
