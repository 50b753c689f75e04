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
}
