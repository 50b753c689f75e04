package io.ticker.loadtest.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.FrameType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameParserTest {

  private static final String T1 = "{\"symbol\":\"BTC-USD\",\"seq\":12,\"ts\":1000,\"price\":\"1.5\",\"bid\":\"1.4\",\"ask\":\"1.6\"}";
  private static final String T2 = "{\"symbol\":\"AAPL\",\"seq\":7,\"ts\":2000,\"price\":\"9.00\"}";

  @Test
  void readsUpdateFramesAndHashesTicks() throws Exception {
    FrameParser p = new FrameParser(new SymbolTable(List.of("BTC-USD", "ETH-USD", "AAPL")));
    byte[] f = ("{\"type\":\"" + FrameType.UPDATE.wire() + "\",\"ticks\":[" + T1 + "," + T2 + ",{\"symbol\":\"NOPE\",\"seq\":1,\"ts\":1}]}").getBytes(StandardCharsets.UTF_8);
    p.parse(f, 0, f.length);
    assertEquals(FrameParser.UPDATE, p.type);
    assertEquals(3, p.count);
    assertEquals(0, p.sym[0]);
    assertEquals(12, p.seq[0]);
    assertEquals(1000, p.ts[0]);
    assertEquals(2, p.sym[1]);
    assertEquals(-1, p.sym[2]);
    long h1 = p.hash[0];
    byte[] snap = ("{\"ticks\":[" + T2 + "," + T1 + "]}").getBytes(StandardCharsets.UTF_8);
    p.parse(snap, 0, snap.length);
    assertEquals(FrameParser.OTHER, p.type);
    assertEquals(h1, p.hash[1], "the same tick hashes the same in any frame");
    assertNotEquals(h1, p.hash[0]);
    byte[] err = ("{\"type\":\"" + FrameType.ERROR.wire() + "\",\"code\":\"" + ErrorCode.UNKNOWN_SYMBOL.name() + "\",\"message\":\"x\"}").getBytes(StandardCharsets.UTF_8);
    p.parse(err, 0, err.length);
    assertEquals(FrameParser.ERROR, p.type);
    assertEquals(ErrorCode.UNKNOWN_SYMBOL.name(), p.code);
  }

  /** Rough single-thread throughput of the parse path, printed (not asserted: shared CI machines). */
  @Test
  void parsesQuickly() throws Exception {
    List<String> names = new java.util.ArrayList<>();
    StringBuilder b = new StringBuilder("{\"type\":\"" + FrameType.UPDATE.wire() + "\",\"ticks\":[");
    for (int i = 0; i < 50; i++) {
      names.add("SYM" + i);
      b.append(i == 0 ? "" : ",").append("{\"symbol\":\"SYM").append(i).append("\",\"seq\":123456,\"ts\":1795765890697,"
          + "\"price\":\"43935.24\",\"bid\":\"43935.22\",\"ask\":\"43935.24\",\"size\":\"0.04639388\",\"open\":\"43227.89\","
          + "\"high\":\"44385.83\",\"low\":\"42579.17\",\"volume\":\"1182941.27732271\",\"change\":\"707.35\",\"changePct\":\"1.64\"}");
    }
    byte[] f = b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    FrameParser p = new FrameParser(new SymbolTable(names));
    long ticks = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() - t0 < 1_000_000_000L) {
      p.parse(f, 0, f.length);
      ticks += p.count;
    }
    System.out.printf("FrameParser: %,d ticks/s on one thread%n", ticks * 1_000_000_000L / (System.nanoTime() - t0));
    assertEquals(50, p.count);
  }
}
