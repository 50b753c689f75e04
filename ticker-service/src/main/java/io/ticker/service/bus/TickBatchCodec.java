package io.ticker.service.bus;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event-bus codec of {@link TickBatch}. Locally the batch is passed by reference (it is immutable);
 * across the cluster it is a compact length-prefixed binary form, one copy per node:
 * <pre>
 *   int count, then per tick:
 *   short symbolLength | symbol UTF-8 | long seq | long ts | int jsonLength | json UTF-8 |
 *   byte hasTrade | [long price | long size | byte priceScale | byte sizeScale]
 * </pre>
 */
public final class TickBatchCodec extends ImmutableBodyCodec<TickBatch> {

  public TickBatchCodec() {
    super("ticker-tick-batch");
  }

  @Override
  public void encodeToWire(Buffer buffer, TickBatch batch) {
    buffer.appendInt(batch.ticks().size());
    for (TickEvent t : batch.ticks()) {
      byte[] symbol = t.symbol().getBytes(StandardCharsets.UTF_8);
      buffer.appendShort((short) symbol.length).appendBytes(symbol)
          .appendLong(t.seq()).appendLong(t.ts())
          .appendInt(t.json().length).appendBytes(t.json());
      Trade trade = t.trade();
      if (trade == null) {
        buffer.appendByte((byte) 0);
      } else {
        buffer.appendByte((byte) 1).appendLong(trade.price()).appendLong(trade.size())
            .appendByte((byte) trade.priceScale()).appendByte((byte) trade.sizeScale());
      }
    }
  }

  @Override
  public TickBatch decodeFromWire(int pos, Buffer buffer) {
    int n = buffer.getInt(pos);
    pos += 4;
    List<TickEvent> ticks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int symbolLength = buffer.getShort(pos);
      String symbol = buffer.getString(pos + 2, pos + 2 + symbolLength, "UTF-8");
      pos += 2 + symbolLength;
      long seq = buffer.getLong(pos);
      long ts = buffer.getLong(pos + 8);
      int jsonLength = buffer.getInt(pos + 16);
      byte[] json = buffer.getBytes(pos + 20, pos + 20 + jsonLength);
      pos += 20 + jsonLength;
      Trade trade = null;
      if (buffer.getByte(pos++) != 0) {
        trade = new Trade(buffer.getLong(pos), buffer.getLong(pos + 8), buffer.getByte(pos + 16), buffer.getByte(pos + 17));
        pos += 18;
      }
      ticks.add(new TickEvent(symbol, seq, ts, json, trade));
    }
    return new TickBatch(ticks);
  }
}
