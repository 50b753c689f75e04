package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ticker.model.WireFrame;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.ServerMessages;
import io.ticker.service.protocol.TickFrameBuilder;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event name of an SSE frame comes from the frame's own first bytes. */
class SseLinkTest {

  private static String prefix(WireFrame frame) {
    Buffer prefix = SseLink.prefixOf(frame);
    frame.release();
    return prefix == null ? null : prefix.toString();
  }

  private static String prefix(Buffer message) {
    return prefix(WireFrame.copyOf(message));
  }

  @Test
  void dataStatusAndErrorFramesAreCarriedRepliesAreNot() {
    TickFrameBuilder builder = new TickFrameBuilder();
    assertEquals("event: update\ndata: ", prefix(builder.beginUpdate(1).finish()));
    assertEquals("event: snapshot\ndata: ", prefix(builder.beginSnapshot(1).finish()));
    assertEquals("event: status\ndata: ", prefix(ServerMessages.status("stale", 1L)));
    assertEquals("event: error\ndata: ", prefix(ServerMessages.error(null, ErrorCode.UNAUTHORIZED, "token expired")));
    assertNull(prefix(ServerMessages.subscribed(null, List.of("*"), 250)));
    assertNull(prefix(ServerMessages.welcome("n", "s", 1L, "none")));
    assertNull(prefix(Buffer.buffer("{}")));
  }
}
