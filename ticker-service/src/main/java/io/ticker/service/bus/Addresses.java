package io.ticker.service.bus;

/** Event-bus addresses of the data path: ingest publishes, every fan-out shard of every node consumes. */
public final class Addresses {

  /** {@link TickBatch}es of sequenced ticks, in feed order. */
  public static final String TICKS = "ticker.ticks";
  /** The symbol universe, a JSON array (as a String) of {@code {"symbol","name","kind"}}, on every (re)connect of the feed. */
  public static final String SYMBOLS = "ticker.symbols";
  /** {@link FeedStatus} as JSON whenever the upstream feed goes live or stale. */
  public static final String FEED_STATUS = "ticker.feed.status";
  /** Request/reply: the ingest's current symbols, snapshot and status, for a shard that starts late. */
  public static final String SYNC = "ticker.sync";

  private Addresses() {
  }
}
