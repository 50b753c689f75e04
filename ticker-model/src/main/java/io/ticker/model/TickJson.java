package io.ticker.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * A {@link Tick}'s JSON, written and read field by field with Jackson's streaming API: the mapper's
 * own form (the record's fields in order, absent ones left out, unknown ones ignored) without its
 * reflective record access, since every tick of the feed is read once and written once at ingest.
 * {@link Wire#JSON} uses it for every tick, in feed frames and client frames alike.
 *
 * <p>Reading takes the usual tokens at once (strings for decimals, integers for seq and ts) and
 * hands any other token to the mapper, so coercions and errors stay the mapper's own.
 */
final class TickJson {

  private static final SerializedString SYMBOL = new SerializedString("symbol");
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString TS = new SerializedString("ts");
  private static final SerializedString PRICE = new SerializedString("price");
  private static final SerializedString BID = new SerializedString("bid");
  private static final SerializedString ASK = new SerializedString("ask");
  private static final SerializedString SIZE = new SerializedString("size");
  private static final SerializedString OPEN = new SerializedString("open");
  private static final SerializedString HIGH = new SerializedString("high");
  private static final SerializedString LOW = new SerializedString("low");
  private static final SerializedString VOLUME = new SerializedString("volume");
  private static final SerializedString CHANGE = new SerializedString("change");
  private static final SerializedString CHANGE_PCT = new SerializedString("changePct");

  private TickJson() {
  }

  static SimpleModule module() {
    return new SimpleModule("ticks").addSerializer(Tick.class, new Writer()).addDeserializer(Tick.class, new Reader());
  }

  private static final class Writer extends JsonSerializer<Tick> {
    @Override
    public void serialize(Tick t, JsonGenerator out, SerializerProvider provider) throws IOException {
      write(t, out);
    }
  }

  /** Writes {@code t} to {@code out}: for the mapper ({@link Writer}) and for {@link TickEncoder}. */
  static void write(Tick t, JsonGenerator out) throws IOException {
    out.writeStartObject();
    text(out, SYMBOL, t.symbol());
    out.writeFieldName(SEQ);
    out.writeNumber(t.seq());
    out.writeFieldName(TS);
    out.writeNumber(t.ts());
    text(out, PRICE, t.price());
    text(out, BID, t.bid());
    text(out, ASK, t.ask());
    text(out, SIZE, t.size());
    text(out, OPEN, t.open());
    text(out, HIGH, t.high());
    text(out, LOW, t.low());
    text(out, VOLUME, t.volume());
    text(out, CHANGE, t.change());
    text(out, CHANGE_PCT, t.changePct());
    out.writeEndObject();
  }

  private static void text(JsonGenerator out, SerializedString name, String value) throws IOException {
    if (value != null) {
      out.writeFieldName(name);
      out.writeString(value);
    }
  }

  private static final class Reader extends JsonDeserializer<Tick> {
    @Override
    public Tick deserialize(JsonParser in, DeserializationContext ctxt) throws IOException {
      JsonToken token = in.currentToken();
      if (token == JsonToken.START_OBJECT) {
        token = in.nextToken();
      } else if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT) {
        return (Tick) ctxt.handleUnexpectedToken(Tick.class, in);
      }
      String symbol = null;
      String price = null;
      String bid = null;
      String ask = null;
      String size = null;
      String open = null;
      String high = null;
      String low = null;
      String volume = null;
      String change = null;
      String changePct = null;
      long seq = 0;
      long ts = 0;
      for (; token == JsonToken.FIELD_NAME; token = in.nextToken()) {
        String name = in.currentName();
        in.nextToken();
        switch (name) {
          case "symbol" -> symbol = text(in, ctxt);
          case "seq" -> seq = number(in, ctxt);
          case "ts" -> ts = number(in, ctxt);
          case "price" -> price = text(in, ctxt);
          case "bid" -> bid = text(in, ctxt);
          case "ask" -> ask = text(in, ctxt);
          case "size" -> size = text(in, ctxt);
          case "open" -> open = text(in, ctxt);
          case "high" -> high = text(in, ctxt);
          case "low" -> low = text(in, ctxt);
          case "volume" -> volume = text(in, ctxt);
          case "change" -> change = text(in, ctxt);
          case "changePct" -> changePct = text(in, ctxt);
          default -> in.skipChildren(); // unknown: ignored, as the mapper is configured to
        }
      }
      return new Tick(symbol, seq, ts, price, bid, ask, size, open, high, low, volume, change, changePct);
    }

    private static String text(JsonParser in, DeserializationContext ctxt) throws IOException {
      return switch (in.currentToken()) {
        case VALUE_STRING -> in.getText();
        case VALUE_NULL -> null;
        default -> ctxt.readValue(in, String.class);
      };
    }

    private static long number(JsonParser in, DeserializationContext ctxt) throws IOException {
      if (in.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return in.getLongValue();
      }
      return ctxt.readValue(in, long.class);
    }
  }
}
