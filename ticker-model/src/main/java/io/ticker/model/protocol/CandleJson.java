package io.ticker.model.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.model.Decimals;
import io.ticker.model.Wire;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The CANDLE shape and the frames that carry it, encoded straight from a candle record:
 * <pre>
 *   {"t":&lt;open ms&gt;,"o":"…","h":"…","l":"…","c":"…","v":"…","n":&lt;ticks&gt;}
 * </pre>
 * A record is seven longs in a {@code long[]} ({@link #RECORD} wide), prices and the summed size in
 * units of 10^-{@link #UNIT_SCALE}:
 * <pre>
 *   +0 t  open time, ms   +1 o  +2 h  +3 l  +4 c  (price units)   +5 v  (size units)   +6 n  ticks
 * </pre>
 * They are printed with the symbol's own decimals (as many as its ticks carry), so a candle's
 * strings look exactly like the ticks' prices and sizes.
 */
public final class CandleJson {

  /** Decimals of the fixed-point units candles are kept in: a satoshi, finer than any feed price here. */
  public static final int UNIT_SCALE = 8;
  public static final int RECORD = 7;
  public static final int T = 0;
  public static final int O = 1;
  public static final int H = 2;
  public static final int L = 3;
  public static final int C = 4;
  public static final int V = 5;
  public static final int N = 6;

  private static final byte[] CANDLE_HEAD = ascii("{\"type\":\"" + FrameType.CANDLE.wire() + "\",\"symbol\":");
  private static final byte[] CLOSED_TRUE = ascii(",\"closed\":true}");
  private static final byte[] CLOSED_FALSE = ascii(",\"closed\":false}");

  private CandleJson() {
  }

  /** {@code {"type":"candle","symbol":…,"tf":…,"candle":CANDLE,"closed":…}}. */
  public static Buffer candleFrame(String symbol, Timeframe tf, long[] records, int offset, int priceScale, int sizeScale,
                                   boolean closed) {
    Buffer out = Buffer.buffer(160).appendBytes(CANDLE_HEAD);
    appendString(out, symbol).appendString(",\"tf\":\"").appendString(tf.wire()).appendString("\",\"candle\":");
    appendCandle(out, records, offset, priceScale, sizeScale);
    return out.appendBytes(closed ? CLOSED_TRUE : CLOSED_FALSE);
  }

  /**
   * The history reply to a {@code candles} op ({@code {"type":"candles","id":…,"symbol":…,"tf":…,
   * "candles":[…]}}) or, with {@code type} null, the body of {@code GET /api/candles}.
   */
  public static Buffer history(FrameType type, JsonNode id, String symbol, Timeframe tf, long[] records, int count,
                               int priceScale, int sizeScale) {
    Buffer out = Buffer.buffer(64 + count * 96).appendByte((byte) '{');
    if (type != null) {
      out.appendString("\"type\":\"").appendString(type.wire()).appendString("\",");
      if (id != null) {
        out.appendString("\"id\":").appendBytes(json(id)).appendByte((byte) ',');
      }
    }
    out.appendString("\"symbol\":");
    appendString(out, symbol).appendString(",\"tf\":\"").appendString(tf.wire()).appendString("\",\"candles\":[");
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.appendByte((byte) ',');
      }
      appendCandle(out, records, i * RECORD, priceScale, sizeScale);
    }
    return out.appendString("]}");
  }

  /** One CANDLE object from the record at {@code offset}. */
  public static void appendCandle(Buffer out, long[] r, int offset, int priceScale, int sizeScale) {
    StringBuilder text = new StringBuilder(96);
    text.append("{\"t\":").append(r[offset + T]);
    decimal(text.append(",\"o\":\""), r[offset + O], priceScale);
    decimal(text.append("\",\"h\":\""), r[offset + H], priceScale);
    decimal(text.append("\",\"l\":\""), r[offset + L], priceScale);
    decimal(text.append("\",\"c\":\""), r[offset + C], priceScale);
    decimal(text.append("\",\"v\":\""), r[offset + V], sizeScale);
    text.append("\",\"n\":").append(r[offset + N]).append('}');
    out.appendString(text.toString(), "US-ASCII");
  }

  /** Units of 10^-UNIT_SCALE printed with {@code scale} decimals (exact: no value has more). */
  private static void decimal(StringBuilder out, long units, int scale) {
    Decimals.appendTo(out, units / Decimals.pow10(UNIT_SCALE - scale), scale);
  }

  /** A JSON string; symbols are checked names, but quote them properly anyway. */
  private static Buffer appendString(Buffer out, String value) {
    return out.appendBytes(json(Wire.JSON.getNodeFactory().textNode(value)));
  }

  private static byte[] json(JsonNode node) {
    try {
      return Wire.JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
