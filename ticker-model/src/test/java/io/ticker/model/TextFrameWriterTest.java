package io.ticker.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The frame header the writer puts before a payload, read back by Netty's own client-side frame decoder. */
class TextFrameWriterTest {

  @Test
  void everyLengthClassDecodesAsOneTextFrameWithThePayloadIntact() {
    for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
      String text = "x".repeat(length);
      byte[] payload = text.getBytes(StandardCharsets.UTF_8);
      ByteBuf wire = Unpooled.buffer();
      TextFrameWriter.writeHeader(wire, payload.length);
      assertEquals(TextFrameWriter.headerLength(payload.length), wire.readableBytes(), "header length for " + length);
      wire.writeBytes(payload);

      // What a client's decoder makes of it: unmasked frames expected from a server.
      EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20));
      client.writeInbound(wire);
      TextWebSocketFrame frame = client.readInbound();
      assertTrue(frame.isFinalFragment());
      assertEquals(text, frame.text(), "payload of " + length + " bytes");
      frame.release();
      Object more = client.readInbound();
      assertNull(more, "exactly one frame");
      client.finishAndReleaseAll();
    }
  }
}
