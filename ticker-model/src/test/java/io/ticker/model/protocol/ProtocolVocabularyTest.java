package io.ticker.model.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared protocol pieces on their own: wire names, request parsing, the slow-consumer rule. */
class ProtocolVocabularyTest {

  @Test
  void everyOpAndFrameTypeIsFoundByItsWireNameAndNothingElseIs() {
    for (Op op : Op.values()) {
      assertEquals(op, Op.fromWire(op.wire()));
    }
    for (FrameType type : FrameType.values()) {
      assertEquals(type, FrameType.fromWire(type.wire()));
    }
    assertNull(Op.fromWire("SUBSCRIBE"));
    assertNull(Op.fromWire(null));
    assertNull(FrameType.fromWire("CANDLE"));
    assertNull(FrameType.fromWire("kline"));
  }

  @Test
  void requestsAreParsedOrRefusedWithACode() throws Exception {
    ClientRequest auth = ClientRequest.parse("{\"op\":\"auth\",\"id\":[1],\"token\":\"a.b.c\"}");
    assertEquals(Op.AUTH, auth.op());
    assertEquals("a.b.c", auth.token());
    assertEquals("[1]", auth.id().toString());
    assertEquals(250, ClientRequest.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"intervalMs\":250}").intervalMs());
    assertCode(ErrorCode.BAD_JSON, "{");
    assertCode(ErrorCode.BAD_REQUEST, "[]");
    assertCode(ErrorCode.BAD_REQUEST, "{\"id\":1}");
    assertCode(ErrorCode.UNKNOWN_OP, "{\"op\":\"dance\"}");
    assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"subscribe\",\"symbols\":[]}");
    assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"intervalMs\":49}");
    assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"intervalMs\":10001}");
    assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"auth\"}");
    ClientRequest resume = ClientRequest.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\",\"B\"],\"since\":{\"A\":0,\"B\":9007199254740993}}");
    assertEquals(java.util.Map.of("A", 0L, "B", 9007199254740993L), resume.since());
    assertNull(ClientRequest.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\"]}").since());
    assertNull(ClientRequest.parse("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"since\":null}").since());
    assertEquals(java.util.Map.of(), ClientRequest.parse("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"since\":{}}").since());
    for (String since : new String[] {"[]", "5", "\"x\"", "{\"A\":-1}", "{\"A\":1.5}", "{\"A\":\"7\"}", "{\"A\":null}",
        "{\"\":1}", "{\"A\":1e30}", "{\"A\":1,\"B\":2}"}) {
      assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"since\":" + since + "}");
    }
    assertCode(ErrorCode.BAD_REQUEST, "{\"op\":\"auth\",\"token\":\"" + "x".repeat(ClientRequest.MAX_TOKEN_CHARS + 1) + "\"}");
  }

  private static void assertCode(ErrorCode expected, String frame) {
    try {
      ClientRequest.parse(frame);
    } catch (ProtocolException e) {
      assertEquals(expected, e.code(), frame);
      return;
    }
    throw new AssertionError("accepted: " + frame);
  }

  @Test
  void aSlowConsumerIsClosedOnlyAfterStayingBehindLongerThanTheGrace() {
    SlowConsumer rule = new SlowConsumer(1000);
    assertFalse(rule.behindTooLong(10_000), "first found behind: the clock starts");
    assertFalse(rule.behindTooLong(11_000), "exactly the grace is not longer than it");
    assertEquals(1000, rule.behindForMs(11_000));
    assertTrue(rule.behindTooLong(11_001));
    rule.keptUp();
    assertEquals(0, rule.behindForMs(20_000));
    assertFalse(rule.behindTooLong(20_000), "catching up restarts the clock");
    assertFalse(rule.behindTooLong(20_500));
  }
}
