package io.ticker.service.bus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickBatchCodecTest {

  private final TickBatchCodec codec = new TickBatchCodec();

  private static TickEvent event(String symbol, long seq, long ts, String json) {
    return new TickEvent(symbol, seq, ts, json.getBytes(StandardCharsets.UTF_8), null);
  }

  private static void assertSameTicks(TickBatch expected, TickBatch actual) {
    assertEquals(expected.ticks().size(), actual.ticks().size());
    for (int i = 0; i < expected.ticks().size(); i++) {
      TickEvent e = expected.ticks().get(i);
      TickEvent a = actual.ticks().get(i);
      assertEquals(e.symbol(), a.symbol());
      assertEquals(e.seq(), a.seq());
      assertEquals(e.ts(), a.ts());
      assertArrayEquals(e.json(), a.json());
      assertEquals(e.trade(), a.trade());
    }
  }

  /** Encodes after a prefix, as the event bus does after its own header, and decodes from there. */
  private TickBatch roundTrip(TickBatch batch) {
    Buffer buffer = Buffer.buffer().appendString("HEADER!");
    int pos = buffer.length();
    codec.encodeToWire(buffer, batch);
    buffer.appendString("trailing bytes of another message");
    return codec.decodeFromWire(pos, buffer);
  }

  @Test
  void aBatchRoundTripsFromANonZeroPosition() {
    TickBatch batch = new TickBatch(List.of(
        event("BTC-USD", 1, 1_700_000_000_000L, "{\"symbol\":\"BTC-USD\",\"seq\":1}"),
        event("AAPL", Long.MAX_VALUE, Long.MIN_VALUE, "{\"symbol\":\"AAPL\"}"),
        event("X", 0, -1, "")));
    assertSameTicks(batch, roundTrip(batch));
  }

  @Test
  void tradesRoundTripExactlyAndAbsentOnesStayAbsent() {
    TickBatch batch = new TickBatch(List.of(
        new TickEvent("BTC-USD", 7, 1L, new byte[0], Trade.parse("43250.12", "0.00000001")),
        new TickEvent("AAPL", 8, 2L, new byte[0], Trade.parse("189.5", "1200")),
        new TickEvent("X", 9, 3L, new byte[0], null)));
    TickBatch decoded = roundTrip(batch);
    assertSameTicks(batch, decoded);
    assertEquals(new Trade(4_325_012_000_000L, 1L, 2, 8), decoded.ticks().get(0).trade());
  }

  @Test
  void anEmptyBatchIsFourBytesAndDecodesEmpty() {
    Buffer buffer = Buffer.buffer();
    codec.encodeToWire(buffer, new TickBatch(List.of()));
    assertEquals(4, buffer.length());
    assertEquals(List.of(), roundTrip(new TickBatch(List.of())).ticks());
  }

  @Test
  void nonAsciiSymbolsAndJsonBytesSurviveByteForByte() {
    String json = "{\"symbol\":\"ÄPFEL-€\",\"name\":\"日本株 😀\",\"note\":\"é\"}";
    TickBatch batch = new TickBatch(List.of(event("ÄPFEL-€", 3, 4, json), event("日本", 5, 6, "{\"x\":\"\\u0000ß\"}")));
    TickBatch decoded = roundTrip(batch);
    assertSameTicks(batch, decoded);
    assertEquals(json, new String(decoded.ticks().get(0).json(), StandardCharsets.UTF_8));
  }

  @Test
  void locallyTheBatchIsSharedNotCopied() {
    TickBatch batch = new TickBatch(List.of(event("A", 1, 2, "{}")));
    assertSame(batch, codec.transform(batch));
    assertEquals("ticker-tick-batch", codec.name());
    assertEquals(-1, codec.systemCodecID());
  }
}
