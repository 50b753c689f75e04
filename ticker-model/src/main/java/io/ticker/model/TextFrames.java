package io.ticker.model;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;

/**
 * A text frame over an already-encoded UTF-8 buffer. The public API only builds text frames from a
 * String, which would decode and re-encode the bytes for every socket; this wraps a slice of the
 * shared buffer instead (Vert.x heap buffers are not released by writes, so sharing is safe as
 * long as the buffer is never modified after the first write).
 */
public final class TextFrames {

  private TextFrames() {
  }

  public static WebSocketFrame of(Buffer utf8) {
    return new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) utf8).getByteBuf(), true);
  }
}
