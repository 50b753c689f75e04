package io.ticker.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes ticks' client JSON ({@link TickJson}'s form) one after another through one generator and
 * one buffer, so a tick costs its own bytes and nothing else: no generator, context or serializer
 * provider per tick, as a call to the mapper makes. For one thread (an event loop) at a time.
 */
public final class TickEncoder {

  private final ByteArrayBuilder bytes = new ByteArrayBuilder(256);
  private final JsonGenerator out;

  public TickEncoder() {
    try {
      out = Wire.JSON.getFactory().createGenerator(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.setRootValueSeparator(null); // ticks back to back in the generator's eyes, each taken out whole
  }

  /** {@code tick} as compact UTF-8 JSON: the fragment that goes, unchanged, into every client frame. */
  public byte[] encode(Tick tick) {
    try {
      TickJson.write(tick, out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      bytes.reset();
    }
  }
}
