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
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.ticker.model.SymbolInfo;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleSync;
import java.util.logging.Logger;
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
 * node be elected, its ingest carries on the sequence numbers. It is the one writer of the node's
 * candles: every batch goes into the {@link CandleBook} before the shards see it, and a starting
 * node fetches the leader's candle history before it says "live".
 */
public final class TickRelayVerticle extends VerticleBase {

  private static final long SYNC_RETRY_MS = 250;
  /** Ticks held back while candle history is fetched; a sync that takes longer loses candles, with a warning. */
  private static final int MAX_PENDING_TICKS = 2_000_000;
  /**
   * How long a starting node waits for its first tick batch before it reads candle history. Its
   * subscription is registered cluster-wide before it syncs, but the leader learns of it a little
   * later (each node caches who subscribes to what, updated by Hazelcast events): history read
   * before then would miss the batches published in between, for good. A batch received proves
   * the leader publishes to this node; without one for this long (a quiet feed), the leader has
   * long since learned of it.
   */
  private static final long REACHED_WAIT_MS = 2_000;
  private static final Logger LOG = Logger.getLogger(TickRelayVerticle.class.getName());

  private final NodeContext node;
  private final Map<String, TickEvent> latest = new HashMap<>();
  private FeedStatus status = FeedStatus.stale(System.currentTimeMillis());
  /** The latest status the leader sent, also before the sync is done. */
  private FeedStatus heardStatus;
  /** Batches that arrived while candle history was on its way: applied after it, once each. */
  private final List<TickBatch> pendingCandles = new ArrayList<>();
  /** Completed by the first tick batch from the leader: its publications reach this node from then on. */
  private final Promise<Void> reached = Promise.promise();
  private int pendingTicks;
  private String leader;
  private boolean leaderless;
  private long lastHeardMs;
  private boolean synced;
  /** The node whose snapshot this node last took: "live" is believed only from the leader it synced with. */
  private String syncedWith;
  /** A sync request is in flight: one at a time. */
  private boolean syncing;
  /** A sync was asked for while one was in flight, whose answer may predate the reason: ask again after it. */
  private boolean syncAgain;
  /** Failed syncs in a row (each new reason is logged once, and the count at the next success). */
  private int syncFailures;
  private String lastSyncFailure;
  /** Until the first sync is done, candles wait: the history fetched replaces what is here. */
  private boolean candlesPending = true;

  public TickRelayVerticle(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> clustered = List.of(
        Topic.TICKS.subscribe(bus, batch -> {
          reached.tryComplete();
          onTicks(batch);
        }),
        Topic.SYMBOLS.subscribe(bus, universe -> {
          heard();
          Topic.LOCAL_SYMBOLS.publish(bus, universe);
        }),
        Topic.FEED_STATUS.subscribe(bus, status -> {
          heard();
          boolean wasLive = this.status.live() || (heardStatus != null && heardStatus.live());
          heardStatus = status;
          onStatus(status);
          if (wasLive && !status.live()) {
            sync(); // the feed stopped: take the leader's final values, in case a last batch did not come
          }
        }));
    Topic.LOCAL_LEADER.subscribe(bus, change -> onLeader(change.leader()));
    Query.LOCAL_LATEST.answer(bus, none -> new TickBatch(new ArrayList<>(latest.values())));
    int staleMs = node.config().feedStaleMs();
    vertx.setPeriodic(Math.max(50, staleMs / 4), t -> {
      if (status.live() && System.currentTimeMillis() - lastHeardMs > staleMs) {
        LOG.info("nothing from the leader for " + (System.currentTimeMillis() - lastHeardMs) + " ms: stale here, asking it");
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
   * Asks the ingest leader for everything so far (the first time, candle history last); retried
   * until the leader this node knows answers (before the first election, any ingest will do; after
   * a failover or a merge, the new leader), and, once synced with it, while there is a leader and
   * the feed is stale here (a new leader's ingest may not answer yet).
   */
  private void sync() {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    EventBus bus = vertx.eventBus();
    Query.SYNC.ask(bus, null).<SyncReply>compose(state -> {
      if (leaderless || (leader != null && !leader.equals(state.nodeId()))) {
        return Future.failedFuture("answered by " + state.nodeId() + ", which does not lead");
      }
      Topic.LOCAL_SYMBOLS.publish(bus, new SymbolUniverse(state.symbols()));
      onTicks(state.snapshot());
      heardStatus = state.status();
      if (!candlesPending) {
        return Future.succeededFuture(state);
      }
      // Only once the leader's ticks reach this node can it count on every tick after the history it reads.
      Future<?> reaching = state.status().live() ? Future.any(reached.future(), vertx.timer(REACHED_WAIT_MS)) : Future.succeededFuture();
      return reaching.compose(v -> CandleSync.fetch(bus, node.candles(), state.symbols().stream().map(SymbolInfo::symbol).toList()))
          .map(v -> state);
    }).onComplete(done -> {
      syncing = false;
      boolean again = syncAgain;
      syncAgain = false;
      if (done.succeeded()) {
        SyncReply answer = done.result();
        syncedWith = answer.nodeId();
        LOG.info("synced from " + answer.nodeId() + " (" + answer.snapshot().ticks().size() + " ticks, feed "
            + (answer.status().live() ? "live" : "stale") + ")" + (syncFailures > 0 ? " after " + syncFailures + " failed tries" : ""));
        syncFailures = 0;
        if (candlesPending) {
          candlesPending = false;
          pendingCandles.forEach(node.candles()::accept);
          pendingCandles.clear();
          pendingTicks = 0;
        }
        synced = true;
        onStatus(heardStatus); // after the snapshot and candles: "live" means the values are here
      }
      if (done.failed()) {
        syncFailures++;
        String why = String.valueOf(done.cause().getMessage()).replaceAll("__vertx\\.reply\\.[0-9a-f-]+", "(reply)");
        if (!why.equals(lastSyncFailure)) { // each new reason once, not every 250 ms
          LOG.info("sync failed (" + syncFailures + " in a row), trying again: " + why);
          lastSyncFailure = why;
        }
      } else {
        lastSyncFailure = null;
      }
      if (again) {
        sync();
      } else if (done.failed() && (!current() || (!leaderless && !status.live()))) {
        vertx.setTimer(SYNC_RETRY_MS, t -> sync());
      }
    });
  }

  private void onTicks(TickBatch batch) {
    heard();
    node.metrics().ticksRelayed(batch.ticks().size());
    if (!candlesPending) {
      node.candles().accept(batch);
    } else if (pendingTicks + batch.ticks().size() <= MAX_PENDING_TICKS) {
      pendingCandles.add(batch);
      pendingTicks += batch.ticks().size();
    } else if (!pendingCandles.isEmpty()) {
      LOG.warning("candle history sync is slow: ticks held for it were dropped; candles miss them");
      pendingCandles.clear();
      pendingTicks = 0;
    }
    for (TickEvent tick : batch.ticks()) {
      TickEvent current = latest.get(tick.symbol());
      if (tick.supersedes(current)) {
        latest.put(tick.symbol(), tick);
      }
    }
    Topic.LOCAL_TICKS.publish(vertx.eventBus(), batch);
  }

  /**
   * Until synced with the leader of the moment, "live" would be a lie (its snapshot is not here yet:
   * after a failover or a merge this node may hold another ingest's values): the sync reply brings the
   * status. Without a leader (too few members) nothing here is live, whoever says so.
   */
  private void onStatus(FeedStatus next) {
    if (current() && next.live() != status.live() && !(next.live() && leaderless)) {
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

  /** Synced, and with the leader this node knows (before the first election, with any ingest). */
  private boolean current() {
    return synced && (leader == null || leader.equals(syncedWith));
  }

  private void heard() {
    lastHeardMs = System.currentTimeMillis();
  }
}
