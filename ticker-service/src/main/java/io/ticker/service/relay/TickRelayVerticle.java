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
import java.util.Objects;

/**
 * The node's one subscriber to the cluster-wide feed addresses: receives each tick batch once per
 * node and hands it to the node's shards by reference. It also owns the node's view of the feed:
 * it syncs symbols and snapshot from the ingest leader when the node starts, goes stale when the
 * leader is lost or falls silent (or this node sees fewer than --cluster-min-members: no leader),
 * syncs again from each new leader (after a failover, a heal or a thaw the new leader may have been
 * live all along and say nothing), and keeps the latest tick of every symbol so that, should this
 * node be elected, its ingest carries on the sequence numbers.
 */
public final class TickRelayVerticle extends VerticleBase {

  private static final long SYNC_RETRY_MS = 250;

  private final NodeContext node;
  private final Map<String, TickEvent> latest = new HashMap<>();
  private FeedStatus status = FeedStatus.stale(System.currentTimeMillis());
  private String leader;
  private boolean leaderless;
  private long lastHeardMs;
  private boolean synced;
  private boolean syncing;

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
          boolean wasLive = this.status.live();
          onStatus(status);
          if (wasLive && !status.live()) {
            sync(); // the feed stopped: take the leader's final values, in case a last batch did not come
          }
        }));
    Topic.LOCAL_LEADER.subscribe(bus, change -> onLeader(change.leader()));
    Query.LOCAL_LATEST.answer(bus, () -> new TickBatch(new ArrayList<>(latest.values())));
    int staleMs = node.config().feedStaleMs();
    vertx.setPeriodic(Math.max(50, staleMs / 4), t -> {
      if (status.live() && System.currentTimeMillis() - lastHeardMs > staleMs) {
        onStatus(FeedStatus.stale(System.currentTimeMillis())); // the leader went quiet
        // Ask it: a quiet feed answers stale; a live leader whose ticks do not reach this node (right
        // after a merge, until its registrations are back) answers with its snapshot and live.
        sync();
      }
    });
    // Registrations reach the whole cluster before we count on receiving anything.
    return Future.all(clustered.stream().map(MessageConsumer::completion).toList()).onSuccess(v -> sync());
  }

  /**
   * Asks the ingest leader for everything so far; retried until the leader this node knows answers
   * (before the first election, any ingest will do), or, once synced, while there is a leader and
   * the feed is stale here (a new leader's ingest may not answer yet).
   */
  private void sync() {
    if (syncing) {
      return;
    }
    syncing = true;
    Query.SYNC.ask(vertx.eventBus()).onComplete(reply -> {
      syncing = false;
      if (reply.succeeded() && !leaderless && (leader == null || leader.equals(reply.result().nodeId()))) {
        SyncReply state = reply.result();
        Topic.LOCAL_SYMBOLS.publish(vertx.eventBus(), new SymbolUniverse(state.symbols()));
        onTicks(state.snapshot());
        synced = true;
        onStatus(state.status()); // after the snapshot: "live" means the values are here
      } else if (!synced || (!leaderless && !status.live())) {
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

  /**
   * Until synced, "live" would be a lie (the snapshot is not here yet): the sync reply brings the
   * status. Without a leader (too few members) nothing here is live, whoever says so.
   */
  private void onStatus(FeedStatus next) {
    if (synced && next.live() != status.live() && !(next.live() && leaderless)) {
      status = next;
      node.metrics().feedLive(next.live());
      Topic.LOCAL_FEED_STATUS.publish(vertx.eventBus(), next);
    }
  }

  /**
   * A new leader means the old one, and its feed connection, is gone: stale until the new one says
   * live, which it is asked for (it may have been live all along). No leader: stale.
   */
  private void onLeader(String newLeader) {
    leaderless = newLeader == null;
    if (Objects.equals(leader, newLeader)) {
      return;
    }
    if (leader != null || leaderless) {
      onStatus(FeedStatus.stale(System.currentTimeMillis()));
    }
    leader = newLeader;
    if (synced && !leaderless) {
      sync();
    }
  }

  private void heard() {
    lastHeardMs = System.currentTimeMillis();
  }
}
