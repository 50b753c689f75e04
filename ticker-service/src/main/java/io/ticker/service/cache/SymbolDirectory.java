package io.ticker.service.cache;

import io.ticker.model.SymbolInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Symbol name to a dense shard-local id, so that the hot path indexes arrays instead of hashing
 * strings per subscriber. Ids are handed out on first sight and never reused; the directory only
 * grows (a feed restarted with a smaller universe leaves the old symbols known but quiet).
 */
public final class SymbolDirectory {

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> names = new ArrayList<>();
  private final Map<String, SymbolInfo> infos = new LinkedHashMap<>();
  /** Bumped whenever a symbol's description (its kind) is learnt: entitlement masks recompile. */
  private int describedVersion;

  /** The id of a symbol, registering it when new. */
  public int idOf(String symbol) {
    Integer id = ids.get(symbol);
    if (id != null) {
      return id;
    }
    int fresh = names.size();
    ids.put(symbol, fresh);
    names.add(symbol);
    return fresh;
  }

  /** The id of a known symbol, or -1. */
  public int find(String symbol) {
    Integer id = ids.get(symbol);
    return id == null ? -1 : id;
  }

  public String name(int id) {
    return names.get(id);
  }

  /** The kind of symbol {@code id} ({@code crypto}, {@code stock}), or null before the feed described it. */
  public String kindOf(int id) {
    SymbolInfo info = infos.get(names.get(id));
    return info == null ? null : info.kind();
  }

  public int describedVersion() {
    return describedVersion;
  }

  public int size() {
    return names.size();
  }

  /** Records what the feed says the universe is (names and kinds), registering every symbol. */
  public void describe(List<SymbolInfo> universe) {
    for (SymbolInfo info : universe) {
      idOf(info.symbol());
      infos.put(info.symbol(), info);
    }
    describedVersion++;
  }

  /** Every known symbol with its description, in the feed's order. */
  public List<SymbolInfo> infos() {
    List<SymbolInfo> all = new ArrayList<>(infos.values());
    for (String name : names) {
      if (!infos.containsKey(name)) {
        all.add(new SymbolInfo(name, name, "unknown"));
      }
    }
    return all;
  }
}
