package io.ticker.service.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ticker.model.SymbolInfo;
import io.ticker.model.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The ingest's whole state, for a shard or node that starts after the feed: which node answers
 * (a node takes a sync only from the leader it knows: right after a heal or a thaw an ingest on
 * its way out may still answer), symbols, status, snapshot.
 */
public record SyncReply(String nodeId, List<SymbolInfo> symbols, FeedStatus status, TickBatch snapshot) {

  public static String symbolsJson(List<SymbolInfo> symbols) {
    try {
      return Wire.JSON.writeValueAsString(symbols);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<SymbolInfo> parseSymbols(String json) {
    try {
      return List.of(Wire.JSON.readValue(json, SymbolInfo[].class));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Local: by reference. Cluster: a JSON header (symbols, status) then the snapshot as a tick batch. */
  public static final class Codec extends ImmutableBodyCodec<SyncReply> {

    public Codec() {
      super("ticker-sync-reply");
    }

    private final TickBatchCodec ticks = new TickBatchCodec();

    @Override
    public void encodeToWire(Buffer buffer, SyncReply reply) {
      Buffer header = new JsonObject().put("node", reply.nodeId()).put("symbols", symbolsJson(reply.symbols()))
          .put("status", reply.status().toJson()).toBuffer();
      buffer.appendInt(header.length()).appendBuffer(header);
      ticks.encodeToWire(buffer, reply.snapshot());
    }

    @Override
    public SyncReply decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      JsonObject header = new JsonObject(buffer.getBuffer(pos + 4, pos + 4 + length));
      return new SyncReply(header.getString("node"), parseSymbols(header.getString("symbols")),
          FeedStatus.fromJson(header.getJsonObject("status")),
          ticks.decodeFromWire(pos + 4 + length, buffer));
    }
  }
}
