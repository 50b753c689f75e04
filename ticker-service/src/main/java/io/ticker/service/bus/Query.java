package io.ticker.service.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Supplier;

/** A request/reply address without a request body, and the one reply type it answers with. */
public final class Query<R> {

  /** The ingest's symbols, snapshot and status, for a node that starts late (cluster-wide). */
  public static final Query<SyncReply> SYNC = new Query<>("ticker.sync", false);
  /** The node's latest tick of every symbol, to seed a newly elected ingest. */
  public static final Query<TickBatch> LOCAL_LATEST = new Query<>("ticker.local.latest", true);

  private static final long ASK_TIMEOUT_MS = 2000;

  private final String address;
  private final boolean localOnly;

  private Query(String address, boolean localOnly) {
    this.address = address;
    this.localOnly = localOnly;
  }

  /** Fails after 2 s without an answer (a frozen or partitioned peer never answers; the caller retries). */
  public Future<R> ask(EventBus bus) {
    return bus.<R>request(address, null, new DeliveryOptions().setLocalOnly(localOnly).setSendTimeout(ASK_TIMEOUT_MS)).map(Message::body);
  }

  public MessageConsumer<Void> answer(EventBus bus, Supplier<R> answer) {
    return localOnly ? bus.<Void>localConsumer(address, m -> m.reply(answer.get()))
        : bus.<Void>consumer(address, m -> m.reply(answer.get()));
  }
}
