package io.ticker.service.cache;

import java.util.Arrays;

/**
 * The latest tick JSON of every symbol, copied into one flat array at a fixed slot per symbol id.
 *
 * <p>A flush copies ten-odd of these into each of tens of thousands of frames a second. Kept as one
 * {@code byte[]} per tick, each copy first loads the array's address, then waits for its header
 * (a cold line) before the bytes: a chain of dependent loads per tick, which the profile showed as
 * the frame build's largest share. Here a tick's bytes are at {@code id * stride}, known without any
 * load, so the loads of a frame's ticks go out together; a symbol's slot is rewritten in place by
 * each new tick (frames copy the bytes when they are built, so nothing else sees the change).
 * <pre>
 * bytes:    [ slot 0: JSON of id 0, lengthOf[0] bytes | unused ][ slot 1 ] ... each stride bytes
 * lengthOf: int per id, 0 until its first tick
 * </pre>
 * A JSON longer than the stride doubles the stride (every slot is moved once); ticks are ~200 bytes,
 * so that happens at most once or twice. Single-threaded, like the cache that owns it.
 */
public final class TickJsonSlab {

  private int stride = 256;
  private byte[] bytes = new byte[64 * stride];
  private int[] lengthOf = new int[64];

  /** Makes {@code json} the bytes of symbol {@code id} (copied: the caller keeps its array). */
  public void put(int id, byte[] json) {
    while (json.length > stride) {
      restride(stride * 2);
    }
    if (id >= lengthOf.length) {
      int slots = Math.max(id + 1, lengthOf.length * 2);
      lengthOf = Arrays.copyOf(lengthOf, slots);
      bytes = Arrays.copyOf(bytes, slots * stride);
    }
    System.arraycopy(json, 0, bytes, id * stride, json.length);
    lengthOf[id] = json.length;
  }

  /** The array holding every symbol's bytes: symbol {@code id}'s are {@link #length} bytes from {@link #offset}. */
  public byte[] bytes() {
    return bytes;
  }

  public int offset(int id) {
    return id * stride;
  }

  /** Bytes of symbol {@code id}'s latest tick; 0 when it has none. */
  public int length(int id) {
    return id < lengthOf.length ? lengthOf[id] : 0;
  }

  private void restride(int wider) {
    byte[] moved = new byte[lengthOf.length * wider];
    for (int id = 0; id < lengthOf.length; id++) {
      System.arraycopy(bytes, id * stride, moved, id * wider, lengthOf[id]);
    }
    bytes = moved;
    stride = wider;
  }
}
