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

  /** The ingest's symbols, snapshot and status, for a node that starts late (cluster-wide). */
  public static final Query<Void, SyncReply> SYNC = new Query<>("ticker.sync", false);
  /** The node's latest tick of every symbol, to seed a newly elected ingest. */
  public static final Query<Void, TickBatch> LOCAL_LATEST = new Query<>("ticker.local.latest", true);
  /**
   * A chunk of the ingest leader's candle history, for a node that starts late (cluster-wide):
   * {@code {"symbols":[names…],"from":i}} → {@code int covered} then a
   * {@link io.ticker.service.candles.CandleBook} chunk of the names from {@code i} on.
   */
  public static final Query<JsonObject, Buffer> CANDLE_HISTORY = new Query<>("ticker.candles.history", false);

  private final String address;
  private final boolean localOnly;

  private Query(String address, boolean localOnly) {
    this.address = address;
    this.localOnly = localOnly;
  }

  public Future<R> ask(EventBus bus, Q request) {
    return bus.<R>request(address, request, new DeliveryOptions().setLocalOnly(localOnly)).map(m -> m.body());
  }

  public MessageConsumer<Q> answer(EventBus bus, Function<Q, R> answer) {
    return localOnly ? bus.<Q>localConsumer(address, m -> m.reply(answer.apply(m.body())))
        : bus.<Q>consumer(address, m -> m.reply(answer.apply(m.body())));
  }
}
