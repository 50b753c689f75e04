package io.ticker.service.bus;

import io.vertx.core.json.JsonObject;

/** Whether the upstream feed is live, and since when (epoch ms). */
public record FeedStatus(boolean live, long since) {

  public static FeedStatus stale(long since) {
    return new FeedStatus(false, since);
  }

  public String word() {
    return live ? "live" : "stale";
  }

  public JsonObject toJson() {
    return new JsonObject().put("feed", word()).put("since", since);
  }

  public static FeedStatus fromJson(JsonObject json) {
    return new FeedStatus("live".equals(json.getString("feed")), json.getLong("since"));
  }

  /** Local: by reference. Cluster: a flag and the time. */
  public static final class Codec extends ImmutableBodyCodec<FeedStatus> {

    public Codec() {
      super("ticker-feed-status");
    }

    @Override
    public void encodeToWire(io.vertx.core.buffer.Buffer buffer, FeedStatus status) {
      buffer.appendByte((byte) (status.live() ? 1 : 0)).appendLong(status.since());
    }

    @Override
    public FeedStatus decodeFromWire(int pos, io.vertx.core.buffer.Buffer buffer) {
      return new FeedStatus(buffer.getByte(pos) == 1, buffer.getLong(pos + 1));
    }
  }
}
