package io.ticker.service.bus;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** A request/reply address: the one request type it takes ({@code Void} for none) and the one reply type it answers with. */
public final class Query<Q, R> {

  /**
   * How long a node waits for an answer: a frozen, partitioned or dead peer never answers, and the
   * bus's default wait is 30 s; after this the caller starts over (with whoever leads then). A
   * candle history chunk (about 1 MB) gets longer on a busy machine.
   */
  private static final long ASK_TIMEOUT_MS = 2_000;
  private static final long CHUNK_TIMEOUT_MS = 5_000;

  /** The ingest's symbols, snapshot and status, for a node that starts late (cluster-wide). */
  public static final Query<Void, SyncReply> SYNC = new Query<>("ticker.sync", false, ASK_TIMEOUT_MS);
  /** The node's latest tick of every symbol, to seed a newly elected ingest. */
  public static final Query<Void, TickBatch> LOCAL_LATEST = new Query<>("ticker.local.latest", true, ASK_TIMEOUT_MS);
  /**
   * A chunk of the ingest leader's candle history, for a node that starts late (cluster-wide):
   * {@code {"symbols":[names…]}} → {@code int covered} then a
   * {@link io.ticker.service.candles.CandleBook} chunk of the first {@code covered} names.
   */
  public static final Query<JsonObject, Buffer> CANDLE_HISTORY = new Query<>("ticker.candles.history", false, CHUNK_TIMEOUT_MS);


  private final String address;
  private final boolean localOnly;
  private final long timeoutMs;

  private Query(String address, boolean localOnly, long timeoutMs) {
    this.address = address;
    this.localOnly = localOnly;
    this.timeoutMs = timeoutMs;
  }

  public Future<R> ask(EventBus bus, Q request) {
    return bus.<R>request(address, request, new DeliveryOptions().setLocalOnly(localOnly).setSendTimeout(timeoutMs)).map(m -> m.body());
  }

  public MessageConsumer<Q> answer(EventBus bus, Function<Q, R> answer) {
    return localOnly ? bus.<Q>localConsumer(address, m -> m.reply(answer.apply(m.body())))
        : bus.<Q>consumer(address, m -> m.reply(answer.apply(m.body())));
  }
}
