package io.ticker.service.relay;

import io.ticker.service.bus.SymbolUniverse;
import io.ticker.service.bus.Query;
import io.ticker.service.bus.Topic;
import io.ticker.service.NodeContext;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's one subscriber to the cluster-wide feed addresses: receives each tick batch once per
 * node and hands it to the node's shards by reference. It also owns the node's view of the feed:
 * it syncs symbols and snapshot from the ingest leader when the node starts, goes stale when the
 * leader is lost or falls silent, and keeps the latest tick of every symbol so that, should this
 * node be elected, its ingest carries on the sequence numbers.
 */
public final class TickRelayVerticle extends VerticleBase {

  private static final long SYNC_RETRY_MS = 250;

  private final NodeContext node;
  private final Map<String, TickEvent> latest = new HashMap<>();
  private FeedStatus status = FeedStatus.stale(System.currentTimeMillis());
  private String leader;
  private long lastHeardMs;
  private boolean synced;

  public TickRelayVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> clustered = List.of(
        Topic.TICKS.subscribe(bus, this::onTicks),
        Topic.SYMBOLS.subscribe(bus, universe -> {
          heard();
          Topic.LOCAL_SYMBOLS.publish(bus, universe);
        }),
        Topic.FEED_STATUS.subscribe(bus, status -> {
          heard();
          onStatus(status);
        }));
    Topic.LOCAL_LEADER.subscribe(bus, change -> onLeader(change.leader()));
    Query.LOCAL_LATEST.answer(bus, () -> new TickBatch(new ArrayList<>(latest.values())));
    int staleMs = node.config().feedStaleMs();
    vertx.setPeriodic(Math.max(50, staleMs / 4), t -> {
      if (status.live() && System.currentTimeMillis() - lastHeardMs > staleMs) {
        onStatus(FeedStatus.stale(System.currentTimeMillis())); // the leader went quiet
      }
    });
    // Registrations reach the whole cluster before we count on receiving anything.
    return Future.all(clustered.stream().map(MessageConsumer::completion).toList()).onSuccess(v -> sync());
  }

  /** Asks the ingest leader for everything so far; retried until one answers. */
  private void sync() {
    Query.SYNC.ask(vertx.eventBus()).onComplete(reply -> {
      if (reply.succeeded()) {
        SyncReply state = reply.result();
        Topic.LOCAL_SYMBOLS.publish(vertx.eventBus(), new SymbolUniverse(state.symbols()));
        onTicks(state.snapshot());
        synced = true;
        onStatus(state.status()); // after the snapshot: "live" means the values are here
      } else if (!synced) {
        vertx.setTimer(SYNC_RETRY_MS, t -> sync());
      }
    });
  }

  private void onTicks(TickBatch batch) {
    heard();
    node.metrics().ticksRelayed(batch.ticks().size());
    for (TickEvent tick : batch.ticks()) {
      TickEvent current = latest.get(tick.symbol());
      if (tick.supersedes(current)) {
        latest.put(tick.symbol(), tick);
      }
    }
    Topic.LOCAL_TICKS.publish(vertx.eventBus(), batch);
  }

  /** Until synced, "live" would be a lie (the snapshot is not here yet): the sync reply brings the status. */
  private void onStatus(FeedStatus next) {
    if (synced && next.live() != status.live()) {
      status = next;
      node.metrics().feedLive(next.live());
      Topic.LOCAL_FEED_STATUS.publish(vertx.eventBus(), next);
    }
  }

  /** A new leader means the old one, and its feed connection, is gone: stale until it is back. */
  private void onLeader(String newLeader) {
    if (leader != null && !leader.equals(newLeader)) {
      onStatus(FeedStatus.stale(System.currentTimeMillis()));
    }
    leader = newLeader;
  }

  private void heard() {
    lastHeardMs = System.currentTimeMillis();
  }
}
