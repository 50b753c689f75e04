package io.ticker.loadtest.connections;

import io.ticker.model.protocol.FrameType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Streaming parse of one server frame (or an /api/snapshot body) over its UTF-8 bytes: the frame
 * type and, per tick, symbol index, seq, ts and a hash of the tick's bytes, into reused arrays.
 * One instance per event loop; not thread-safe.
 */
public final class FrameParser {

  static final int OTHER = 0;
  static final int WELCOME = 1;
  static final int SUBSCRIBED = 2;
  static final int SNAPSHOT = 3;
  static final int UPDATE = 4;
  static final int STATUS = 5;
  static final int ERROR = 6;
  static final int PONG = 7;
  static final int AUTHED = 8;

  private static final JsonFactory FACTORY = new JsonFactory();

  private final SymbolTable symbols;
  int type;
  public int count;
  public int[] sym = new int[256];
  public long[] seq = new long[256];
  long[] ts = new long[256];
  public long[] hash = new long[256];
  String code;
  String feed;

  public FrameParser(SymbolTable symbols) {
    this.symbols = symbols;
  }

  public void parse(byte[] buf, int off, int len) throws IOException {
    type = OTHER;
    count = 0;
    code = null;
    feed = null;
    if (off != 0) {
      throw new IllegalArgumentException("frames are parsed from offset 0");
    }
    try (JsonParser p = FACTORY.createParser(buf, 0, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("frame is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> type = typeOf(p.getText());
          case "ticks" -> {
            if (value == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                tick(p, buf);
              }
            } else {
              p.skipChildren();
            }
          }
          case "code" -> code = p.getText();
          case "feed" -> feed = p.getText();
          default -> p.skipChildren();
        }
      }
    }
  }

  /**
   * One tick: symbol, seq and ts are read; the other values are skipped unread (cheap in Jackson)
   * and the content hash is taken over the tick's raw bytes, so two ticks are "identical" when
   * the service sent the same bytes (it serializes each tick once, for frames and snapshots alike).
   */
  private void tick(JsonParser p, byte[] buf) throws IOException {
    if (count == sym.length) {
      grow();
    }
    int start = (int) p.currentTokenLocation().getByteOffset();
    int symbol = -1;
    long s = -1;
    long t = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "symbol" -> symbol = symbols.indexOf(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        case "seq" -> s = p.getLongValue();
        case "ts" -> t = p.getLongValue();
        default -> {
          if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
            p.skipChildren();
          }
        }
      }
    }
    int end = (int) p.currentLocation().getByteOffset();
    long h = 1125899906842597L;
    for (int i = start; i < end; i++) {
      h = 31 * h + buf[i];
    }
    sym[count] = symbol;
    seq[count] = s;
    ts[count] = t;
    hash[count] = mix(h);
    count++;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }

  private void grow() {
    int n = sym.length * 2;
    sym = java.util.Arrays.copyOf(sym, n);
    seq = java.util.Arrays.copyOf(seq, n);
    ts = java.util.Arrays.copyOf(ts, n);
    hash = java.util.Arrays.copyOf(hash, n);
  }

  private static int typeOf(String t) {
    FrameType type = FrameType.fromWire(t);
    if (type == null) {
      return OTHER;
    }
    return switch (type) {
      case UPDATE -> UPDATE;
      case SNAPSHOT -> SNAPSHOT;
      case WELCOME -> WELCOME;
      case SUBSCRIBED -> SUBSCRIBED;
      case STATUS -> STATUS;
      case ERROR -> ERROR;
      case PONG -> PONG;
      case AUTHED -> AUTHED;
      default -> OTHER;
    };
  }
}
