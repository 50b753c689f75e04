package io.ticker.service.bus;

import java.nio.charset.StandardCharsets;

/**
 * One sequenced tick as it flows from ingest to the fan-out shards. The client JSON of the tick
 * ({@code json}) is encoded once, at ingest, and copied unchanged into every frame that carries it:
 * no per-subscriber encoding. {@code trade} is its price and size for candles (null when the feed's
 * values cannot be kept exactly). Immutable, so one instance is shared by every shard of a node.
 */
public record TickEvent(String symbol, long seq, long ts, byte[] json, Trade trade) {

  /**
   * The one ordering rule of the data path: a tick replaces what a holder has only when its seq is
   * higher (a repeat or an older tick is stale), so seq never goes backwards anywhere downstream.
   */
  public boolean supersedes(TickEvent current) {
    return current == null || seq > current.seq;
  }

  @Override
  public String toString() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
