package io.ticker.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the wire model: compact output, absent fields left out, unknown fields
 * ignored; ticks written and read by {@link TickJson} (a tick's client JSON alone: {@link TickEncoder}).
 */
public final class Wire {

  public static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .registerModule(TickJson.module());

  private static final ObjectWriter FRAME_WRITER = JSON.writerFor(FeedFrame.class);
  private static final ObjectReader FRAME_READER = JSON.readerFor(FeedFrame.class);
  /** About how many bytes a tick takes in a feed frame: room asked for up front, so the buffer seldom grows. */
  private static final int TICK_BYTES = 128;

  private Wire() {
  }

  public static byte[] feedFrameBytes(FeedFrame frame) {
    try {
      return FRAME_WRITER.writeValueAsBytes(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A feed frame written by the mapper straight into its WebSocket wire form: no byte array, no copy;
   * one frame for every consumer of a batch. The caller owns its reference.
   */
  public static WireFrame feedWireFrame(FeedFrame frame) {
    ByteBuf buf = WireFrame.payloadBuffer(64 + (frame.ticks() == null ? 0 : frame.ticks().size() * TICK_BYTES));
    try {
      FRAME_WRITER.writeValue((OutputStream) new ByteBufOutputStream(buf), frame);
    } catch (IOException e) {
      buf.release();
      throw new UncheckedIOException(e);
    }
    return WireFrame.seal(buf);
  }

  /** Parses one feed frame; throws {@link IOException} on anything that is not a feed frame. */
  public static FeedFrame readFeedFrame(byte[] utf8) throws IOException {
    return FRAME_READER.readValue(utf8);
  }

  /** {@link #readFeedFrame(byte[])} of a message as it came off the socket, read where it lies when it is on the heap. */
  public static FeedFrame readFeedFrame(Buffer utf8) throws IOException {
    ByteBuf bytes = ((BufferInternal) utf8).getByteBuf();
    if (bytes.hasArray()) {
      return FRAME_READER.readValue(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
    }
    return readFeedFrame(utf8.getBytes());
  }
}
