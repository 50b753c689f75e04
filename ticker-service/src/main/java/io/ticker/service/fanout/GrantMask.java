package io.ticker.service.fanout;

import io.ticker.service.auth.Grants;
import io.ticker.service.cache.SymbolDirectory;
import java.util.BitSet;

/**
 * One shard's compiled form of a {@link Grants}: a bit per symbol id, so "may this connection
 * have symbol i" is one array read. Built once per distinct grant set per shard and shared by
 * every connection holding it; symbols that appear later are compiled on first sight, and a
 * change of the feed's descriptions (kinds) recompiles it.
 *
 * <p>It is consulted when a subscription is made (and for {@code "*"} subscriptions, by the
 * subscription's own membership test), never per tick per connection.
 */
final class GrantMask {

  private final Grants grants;
  private final SymbolDirectory directory;
  private final BitSet permitted = new BitSet();
  private int compiledUpTo;
  private int compiledVersion = -1;

  GrantMask(Grants grants, SymbolDirectory directory) {
    this.grants = grants;
    this.directory = directory;
  }

  Grants grants() {
    return grants;
  }

  boolean permits(int id) {
    if (id >= compiledUpTo || compiledVersion != directory.describedVersion()) {
      compile();
    }
    return permitted.get(id);
  }

  private void compile() {
    int from = compiledVersion == directory.describedVersion() ? compiledUpTo : 0;
    if (from == 0) {
      permitted.clear();
    }
    int size = directory.size();
    for (int id = from; id < size; id++) {
      if (grants.permits(directory.name(id), directory.kindOf(id))) {
        permitted.set(id);
      }
    }
    compiledUpTo = size;
    compiledVersion = directory.describedVersion();
  }
}
