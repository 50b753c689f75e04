package io.ticker.service.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Who leads the cluster now ({@code null}: nobody, this node sees fewer than --cluster-min-members),
 * whether that is this node, and how many members it sees (node-local).
 */
public record LeaderChange(String leader, boolean self, int members) {

  /** Local only in practice; the wire form exists because every codec must have one. */
  public static final class Codec extends ImmutableBodyCodec<LeaderChange> {

    public Codec() {
      super("ticker-leader-change");
    }

    @Override
    public void encodeToWire(Buffer buffer, LeaderChange change) {
      Buffer json = new JsonObject().put("leader", change.leader()).put("self", change.self()).put("members", change.members()).toBuffer();
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public LeaderChange decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      JsonObject json = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
      return new LeaderChange(json.getString("leader"), json.getBoolean("self"), json.getInteger("members"));
    }
  }
}
