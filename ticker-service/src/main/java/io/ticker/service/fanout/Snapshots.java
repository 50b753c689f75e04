package io.ticker.service.fanout;

import io.ticker.model.WireFrame;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cache.SymbolDirectory;
import io.ticker.service.protocol.TickFrameBuilder;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/** The snapshot a {@link ClientSession} is sent when it subscribes (or is newly granted symbols). */
final class Snapshots {

  private Snapshots() {
  }

  /** A subscribe's {@code since} by symbol id; names this node does not know are ignored (null = none). */
  static Map<Integer, Long> resumePoint(Map<String, Long> since, SymbolDirectory directory) {
    if (since == null || since.isEmpty()) {
      return null;
    }
    Map<Integer, Long> byId = new HashMap<>(since.size() * 2);
    since.forEach((symbol, seq) -> {
      int symbolId = directory.find(symbol);
      if (symbolId >= 0) {
        byId.put(symbolId, seq);
      }
    });
    return byId.isEmpty() ? null : byId;
  }

  /**
   * The latest tick of every requested symbol ({@code null} = all), then remembers what it sent.
   * {@code clientHas} (a resuming subscribe's {@code since}, by symbol id, or null) leaves out the
   * symbols whose current seq the client already has: they are current on the client, and are
   * remembered like sent ones, so the next update carries them only if they change, and never with
   * a seq below what the client has (a node a few ticks behind the one the client came from).
   */
  static void send(ClientSession s, Shard shard, BitSet symbols, boolean firstSubscription, Map<Integer, Long> clientHas) {
    TickFrameBuilder frame = shard.frameBuilder().beginSnapshot(symbols == null ? shard.directory().size() : symbols.cardinality());
    Delivery delivery = s.delivery;
    Map<Integer, Long> sent = firstSubscription ? null : delivery.sentInSnapshotOrNew();
    long nowMs = System.currentTimeMillis();
    int universe = shard.directory().size();
    for (int symbolId = symbols == null ? 0 : symbols.nextSetBit(0);
         symbolId >= 0 && symbolId < universe;
         symbolId = symbols == null ? symbolId + 1 : symbols.nextSetBit(symbolId + 1)) {
      TickEvent tick = shard.cache().latest(symbolId);
      if (tick == null || !s.subscription.set.contains(symbolId)) {
        continue;
      }
      Long has = clientHas == null ? null : clientHas.get(symbolId);
      if (has != null && tick.seq() <= has) { // already current on the client: left out
        if (has > tick.seq()) {
          delivery.clientAhead(symbolId, has, nowMs);
        } else if (sent != null) {
          sent.put(symbolId, has);
        }
        continue;
      }
      frame.add(tick);
      if (sent != null) {
        sent.put(symbolId, tick.seq());
      }
    }
    WireFrame snapshot = frame.finish();
    s.send(snapshot);
    snapshot.release();
    if (firstSubscription) {
      delivery.snapshotCoversAll(shard.cache().head()); // everything up to now is in the snapshot or already on the client
    } else {
      delivery.snapshotCarried(sent);
    }
  }
}
