package io.ticker.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one JSON mapper of the wire model: compact output, absent fields left out, unknown fields ignored. */
public final class Wire {

  public static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private static final ObjectWriter TICK_WRITER = JSON.writerFor(Tick.class);
  private static final ObjectWriter FRAME_WRITER = JSON.writerFor(FeedFrame.class);
  private static final ObjectReader FRAME_READER = JSON.readerFor(FeedFrame.class);

  private Wire() {
  }

  /** A tick as compact UTF-8 JSON: the fragment that goes, unchanged, into every client frame. */
  public static byte[] tickBytes(Tick tick) {
    try {
      return TICK_WRITER.writeValueAsBytes(tick);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] feedFrameBytes(FeedFrame frame) {
    try {
      return FRAME_WRITER.writeValueAsBytes(frame);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one feed frame; throws {@link IOException} on anything that is not a feed frame. */
  public static FeedFrame readFeedFrame(byte[] utf8) throws IOException {
    return FRAME_READER.readValue(utf8);
  }
}
