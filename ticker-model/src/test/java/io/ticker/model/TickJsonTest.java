package io.ticker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link TickJson} against the mapper's own reflective form of a {@link Tick}, configured as
 * {@link Wire#JSON} is: the same bytes written, the same tick read from anything a feed may send,
 * and an error where the mapper has one.
 */
class TickJsonTest {

  /** {@link Wire#JSON} without {@link TickJson}: what ticks looked like before it, field for field. */
  private static final ObjectMapper REFLECTIVE = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final Tick FULL = new Tick("BTC-USD", 42, 1_700_000_000_123L, "67012.50", "67012.00", "67013.00",
      "0.0150", "66000.00", "67500.00", "65800.25", "1234.5678", "1012.50", "1.53");
  private static final Tick SPARSE = new Tick("AAPL", 1, 0, "189.10", null, null, "10", null, null, null, null, null, null);

  @Test
  void ticksAreWrittenByteForByteAsTheMapperWroteThem() throws Exception {
    for (Tick tick : List.of(FULL, SPARSE, new Tick(null, -1, Long.MAX_VALUE, "1\"2\\3", null, null, "é€😀", null,
        null, null, null, null, "\u0001"))) {
      assertEquals(utf8(REFLECTIVE.writeValueAsBytes(tick)), utf8(new TickEncoder().encode(tick)));
    }
    FeedFrame frame = FeedFrame.ticks(List.of(FULL, SPARSE));
    assertEquals(utf8(REFLECTIVE.writeValueAsBytes(frame)), utf8(Wire.feedFrameBytes(frame)));
  }

  @Test
  void oneEncoderWritesTickAfterTickEachWholeAndAlone() throws Exception {
    TickEncoder encoder = new TickEncoder();
    Tick escaped = new Tick("X\"Y", 3, 4, "1\\2", null, null, "é€😀", null, null, null, null, null, null);
    for (Tick tick : List.of(FULL, SPARSE, escaped, FULL, SPARSE)) {
      assertEquals(utf8(REFLECTIVE.writeValueAsBytes(tick)), utf8(encoder.encode(tick)));
    }
  }

  @Test
  void aFeedFrameIsReadFromTheBufferItCameInWhereverItLies() throws Exception {
    FeedFrame sent = FeedFrame.ticks(List.of(FULL, SPARSE));
    byte[] json = Wire.feedFrameBytes(sent);
    Buffer heap = Buffer.buffer("garbage before").appendBytes(json).appendString("and after");
    Buffer slice = heap.slice("garbage before".length(), "garbage before".length() + json.length); // array offset and reader index not 0
    assertEquals(sent, Wire.readFeedFrame(slice));
    Buffer direct = BufferInternal.buffer(Unpooled.directBuffer().writeBytes(json));
    assertEquals(sent, Wire.readFeedFrame(direct));
  }

  @Test
  void whatTheMapperReadsIsReadAlike() throws Exception {
    for (String json : List.of(
        utf8(new TickEncoder().encode(FULL)),
        "{}",
        "{\"seq\":7,\"symbol\":\"ETH-USD\",\"price\":\"3000.1\",\"ts\":5}", // any field order
        "{\"symbol\":\"X\",\"extra\":{\"nested\":[1,{\"a\":2}]},\"more\":[[]],\"seq\":3}", // unknown fields skipped whole
        "{\"symbol\":\"X\",\"price\":101.25,\"size\":3,\"bid\":true,\"seq\":\"12\",\"ts\":1.0}", // coerced as the mapper does
        "{\"symbol\":null,\"price\":null,\"seq\":null}",
        "{\"symbol\":\"A\",\"symbol\":\"B\",\"seq\":1,\"seq\":2}")) { // the last of a repeated field wins
      assertEquals(REFLECTIVE.readValue(json, Tick.class), Wire.JSON.readValue(json, Tick.class), json);
    }
    String feed = "{\"type\":\"ticks\",\"ticks\":[" + utf8(new TickEncoder().encode(FULL))
        + ",{\"symbol\":\"AAPL\",\"seq\":1,\"ts\":0,\"price\":\"189.10\",\"size\":\"10\"}],\"x\":1}";
    FeedFrame read = Wire.readFeedFrame(feed.getBytes(StandardCharsets.UTF_8));
    assertEquals(REFLECTIVE.readValue(feed, FeedFrame.class), read);
    assertEquals(List.of(FULL, SPARSE), read.ticks());
  }

  @Test
  void whatTheMapperRefusesIsRefused() {
    for (String json : List.of("[1]", "\"tick\"", "{\"price\":{\"v\":1}}", "{\"seq\":\"soon\"}", "{\"price\":[\"1\"]}",
        "{\"symbol\":\"X\"")) {
      assertThrows(IOException.class, () -> REFLECTIVE.readValue(json, Tick.class), "the mapper refuses " + json);
      assertThrows(IOException.class, () -> Wire.JSON.readValue(json, Tick.class), json);
    }
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
