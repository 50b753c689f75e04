package io.ticker.service.bus;

/** Event-bus addresses of the data path: the ingest leader publishes, every node's relay consumes. */
public final class Addresses {

  /** {@link TickBatch}es of sequenced ticks, in feed order. */
  public static final String TICKS = "ticker.ticks";
  /** The symbol universe, a JSON array (as a String) of {@code {"symbol","name","kind"}}, on every (re)connect of the feed. */
  public static final String SYMBOLS = "ticker.symbols";
  /** {@link FeedStatus} as JSON whenever the upstream feed goes live or stale. */
  public static final String FEED_STATUS = "ticker.feed.status";
  /** Request/reply: the ingest's current symbols, snapshot and status, for a node that starts late. */
  public static final String SYNC = "ticker.sync";

  // Node-local side: one relay per node takes the cluster-wide messages above and hands them to
  // the node's shards by reference, so cross-node traffic is one copy per node, not per shard.
  public static final String LOCAL_TICKS = "ticker.local.ticks";
  public static final String LOCAL_SYMBOLS = "ticker.local.symbols";
  public static final String LOCAL_FEED_STATUS = "ticker.local.feed.status";
  /** Request/reply: the node's latest tick of every symbol, to seed a newly elected ingest. */
  public static final String LOCAL_LATEST = "ticker.local.latest";
  /** {@link io.ticker.service.cluster.Leadership} changes, as JSON {@code {"leader":id,"self":bool}}. */
  public static final String LOCAL_LEADER = "ticker.local.leader";

  private Addresses() {
  }
}
