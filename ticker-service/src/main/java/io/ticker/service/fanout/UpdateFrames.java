package io.ticker.service.fanout;

import io.ticker.model.WireFrame;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.LastValueCache;
import io.ticker.service.cache.TickJsonSlab;
import io.ticker.service.protocol.TickFrameBuilder;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Builds the update frames of one {@link IntervalGroup}'s flushes, on its event loop: the latest
 * tick of each symbol of a subscription that changed after a cache version, less what the client
 * already holds. Either walks the cache's changes or looks up the subscription's symbols, whichever
 * is fewer; the state of the frame being built is kept in fields, so the walk allocates no lambda.
 */
final class UpdateFrames implements IntConsumer {

  private final Shard shard;
  private TickFrameBuilder building;
  private Subscription buildingFor;
  private Map<Integer, Long> skip;
  private Map<Integer, Long> hold;
  /** Event time of the oldest tick in the frame being built: its age is the frame's tick latency. */
  private long oldestTs;
  /** Ticks in the frame {@link #build} returned last. */
  private int builtTicks;

  UpdateFrames(Shard shard) {
    this.shard = shard;
  }

  int builtTicks() {
    return builtTicks;
  }

  /**
   * The update frame of {@code subscription}'s changes after {@code since} (its tick count in
   * {@link #builtTicks}), or null when there are none; {@code nowMs} dates its tick age. Ticks at or
   * below {@code alreadySent}'s or {@code held}'s seq are left out; {@code forced}'s symbols are
   * sent at their current tick even when unchanged (a resume hold that ran out).
   */
  WireFrame build(Subscription subscription, long since, Map<Integer, Long> alreadySent, Map<Integer, Long> held,
                  Map<Integer, Long> forced, long nowMs) {
    LastValueCache cache = shard.cache();
    long window = cache.head() - since;
    building = shard.frameBuilder().beginUpdate((int) Math.min(window, subscription.all() ? 1024 : subscription.size()));
    buildingFor = subscription;
    skip = alreadySent;
    hold = held;
    oldestTs = Long.MAX_VALUE;
    if (!subscription.all() && subscription.size() <= window) {
      for (int id : subscription.ids()) { // few symbols, many changes: look each one up
        if (cache.versionOf(id) > since) {
          add(id);
        }
      }
    } else {
      cache.forEachChangedSince(since, this); // few changes: walk them
    }
    if (forced != null) {
      for (int id : forced.keySet()) {
        TickEvent tick = cache.latest(id);
        if (tick != null && subscription.contains(id) && cache.versionOf(id) <= since) { // else walked above
          building.add(tick);
          oldestTs = Math.min(oldestTs, tick.ts());
        }
      }
    }
    skip = null;
    hold = null;
    builtTicks = building.count();
    WireFrame frame = building.finish();
    building = null;
    if (builtTicks == 0) {
      frame.release();
      return null;
    }
    shard.metrics().tickAge(nowMs - oldestTs); // once per frame built, not per tick in it
    return frame;
  }

  /** One changed symbol of the cache's walk: in the frame being built if it is subscribed. */
  @Override
  public void accept(int id) {
    if (buildingFor.contains(id)) {
      add(id);
    }
  }

  /**
   * One changed, subscribed symbol: its latest tick goes in the frame unless the client holds it.
   * The cache's per-symbol arrays give the tick's bytes and time without touching the tick itself,
   * whose seq only a resumed client's maps need.
   */
  private void add(int id) {
    LastValueCache cache = shard.cache();
    if (skip != null || hold != null) {
      TickEvent tick = cache.latest(id);
      if (clientHas(skip, id, tick) || clientHas(hold, id, tick)) {
        return;
      }
    }
    TickJsonSlab json = cache.json();
    building.add(json.bytes(), json.offset(id), json.length(id));
    oldestTs = Math.min(oldestTs, cache.tsOf(id));
    shard.onDelivered(id);
  }

  /** Whether {@code seqs} (symbol id → seq the client holds, or null) already covers {@code tick}. */
  private static boolean clientHas(Map<Integer, Long> seqs, int id, TickEvent tick) {
    if (seqs == null) {
      return false;
    }
    Long has = seqs.get(id);
    return has != null && has >= tick.seq();
  }
}
