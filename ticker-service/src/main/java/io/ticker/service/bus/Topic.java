package io.ticker.service.bus;

import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;

/**
 * One publish/subscribe address of the data path and the one body type it carries: both ends go
 * through here, so the compiler checks what is published against what is consumed.
 *
 * <pre>
 *   ingest leader ──TICKS, SYMBOLS, FEED_STATUS──▶ every node's relay (cluster-wide, one copy per node)
 *   relay ──LOCAL_TICKS, LOCAL_SYMBOLS, LOCAL_FEED_STATUS──▶ the node's shards and management port (by reference)
 *   leadership ──LOCAL_LEADER──▶ relay, ingest supervisor
 *   leader's leadership ──LEADER_BEAT──▶ every follower's leadership (cluster-wide)
 * </pre>
 */
public final class Topic<T> {

  /** Sequenced ticks in feed order, one batch per feed frame. */
  public static final Topic<TickBatch> TICKS = clustered("ticker.ticks");
  /** The symbol universe, on every (re)connect of the feed. */
  public static final Topic<SymbolUniverse> SYMBOLS = clustered("ticker.symbols");
  /** Whenever the upstream feed goes live or stale, and as the leader's heartbeat. */
  public static final Topic<FeedStatus> FEED_STATUS = clustered("ticker.feed.status");
  /** The ingest leader's node id, every 100 ms: followers notice a frozen or cut-off leader by its silence. */
  public static final Topic<String> LEADER_BEAT = clustered("ticker.leader.beat");

  public static final Topic<TickBatch> LOCAL_TICKS = local("ticker.local.ticks");
  public static final Topic<SymbolUniverse> LOCAL_SYMBOLS = local("ticker.local.symbols");
  public static final Topic<FeedStatus> LOCAL_FEED_STATUS = local("ticker.local.feed.status");
  /** {@link io.ticker.service.cluster.Leadership} changes. */
  public static final Topic<LeaderChange> LOCAL_LEADER = local("ticker.local.leader");

  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);

  private final String address;
  private final boolean localOnly;

  private Topic(String address, boolean localOnly) {
    this.address = address;
    this.localOnly = localOnly;
  }

  private static <T> Topic<T> clustered(String address) {
    return new Topic<>(address, false);
  }

  private static <T> Topic<T> local(String address) {
    return new Topic<>(address, true);
  }

  public String address() {
    return address;
  }

  public void publish(EventBus bus, T body) {
    if (localOnly) {
      bus.publish(address, body, LOCAL_ONLY);
    } else {
      bus.publish(address, body);
    }
  }

  public MessageConsumer<T> subscribe(EventBus bus, Consumer<T> handler) {
    return localOnly ? bus.<T>localConsumer(address, m -> handler.accept(m.body()))
        : bus.<T>consumer(address, m -> handler.accept(m.body()));
  }
}
