package io.ticker.service.bus;

import io.ticker.model.SymbolInfo;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** What the feed says the universe is: every symbol with its name and kind, in the feed's order. */
public record SymbolUniverse(List<SymbolInfo> symbols) {

  /** Local: by reference. Cluster: the JSON array. */
  public static final class Codec extends ImmutableBodyCodec<SymbolUniverse> {

    public Codec() {
      super("ticker-symbol-universe");
    }

    @Override
    public void encodeToWire(Buffer buffer, SymbolUniverse universe) {
      Buffer json = Buffer.buffer(SyncReply.symbolsJson(universe.symbols()));
      buffer.appendInt(json.length()).appendBuffer(json);
    }

    @Override
    public SymbolUniverse decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      return new SymbolUniverse(SyncReply.parseSymbols(buffer.getString(pos + 4, pos + 4 + length)));
    }
  }
}
