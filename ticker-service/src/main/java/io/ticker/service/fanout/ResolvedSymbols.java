package io.ticker.service.fanout;

import io.ticker.service.cache.SymbolDirectory;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Symbol names a client asked for (a WebSocket {@code subscribe}, {@code /sse}, {@code /api/snapshot}),
 * resolved once against a shard's directory and the token's grants: the ids it may have (each
 * once, in the order asked), and the names that are unknown or not granted, for the error.
 */
public record ResolvedSymbols(BitSet ids, List<String> known, List<String> unknown, List<String> forbidden) {

  /** {@code mask} null = every symbol is granted. Empty names are skipped. */
  static ResolvedSymbols of(Iterable<String> names, SymbolDirectory directory, GrantMask mask) {
    BitSet ids = new BitSet();
    List<String> known = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> forbidden = new ArrayList<>();
    for (String symbol : names) {
      if (symbol.isEmpty()) {
        continue;
      }
      int id = directory.find(symbol);
      if (id < 0) {
        unknown.add(symbol);
      } else if (mask != null && !mask.permits(id)) {
        forbidden.add(symbol);
      } else if (!ids.get(id)) {
        ids.set(id);
        known.add(symbol);
      }
    }
    return new ResolvedSymbols(ids, known, unknown, forbidden);
  }

  public String unknownMessage() {
    return "unknown symbols: " + String.join(",", unknown);
  }

  public String forbiddenMessage() {
    return "your token does not grant: " + String.join(",", forbidden);
  }
}
