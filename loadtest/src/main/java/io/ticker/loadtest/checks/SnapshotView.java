package io.ticker.loadtest.checks;

import io.ticker.loadtest.connections.FrameParser;
import io.ticker.loadtest.connections.SymbolTable;
import java.util.Arrays;

/** One node's /api/snapshot: seq and content hash per symbol index (seq -1 = absent). */
public final class SnapshotView {

  final long[] seq;
  final long[] hash;

  public SnapshotView(SymbolTable symbols, byte[] body) throws java.io.IOException {
    seq = new long[symbols.size()];
    hash = new long[symbols.size()];
    Arrays.fill(seq, -1);
    FrameParser p = new FrameParser(symbols);
    p.parse(body, 0, body.length);
    for (int i = 0; i < p.count; i++) {
      if (p.sym[i] >= 0) {
        seq[p.sym[i]] = p.seq[i];
        hash[p.sym[i]] = p.hash[i];
      }
    }
  }
}
