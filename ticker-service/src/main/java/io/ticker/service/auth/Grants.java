package io.ticker.service.auth;

import io.ticker.model.protocol.Jwt;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a token entitles its holder to (docs/protocol.md, access control): every symbol
 * ({@code "*"}), whole kinds ({@code "kind:crypto"}, {@code "kind:stock"}) or exact symbols. No
 * grant, no data. Immutable; {@link #key()} is canonical, so equal grants intern to one mask per
 * shard and connections with equal grants share frames.
 */
public final class Grants {

  public static final Grants ALL = new Grants(true, Set.of(), Set.of());

  private final boolean all;
  private final Set<String> kinds;
  private final Set<String> symbols;
  private final String key;

  private Grants(boolean all, Set<String> kinds, Set<String> symbols) {
    this.all = all;
    this.kinds = kinds;
    this.symbols = symbols;
    this.key = all ? Jwt.ALL : "k" + kinds + "s" + symbols;
  }

  /** Parses the {@code symbols} claim; blank entries are ignored. */
  public static Grants parse(Collection<String> claims) {
    TreeSet<String> kinds = new TreeSet<>();
    TreeSet<String> symbols = new TreeSet<>();
    for (String claim : claims) {
      String grant = claim == null ? "" : claim.trim();
      if (grant.equals(Jwt.ALL)) {
        return ALL;
      } else if (grant.startsWith(Jwt.KIND_PREFIX)) {
        if (grant.length() > Jwt.KIND_PREFIX.length()) { // "kind:" alone grants nothing
          kinds.add(grant.substring(Jwt.KIND_PREFIX.length()));
        }
      } else if (!grant.isEmpty()) {
        symbols.add(grant);
      }
    }
    return new Grants(false, Set.copyOf(kinds), Set.copyOf(symbols));
  }

  public static Grants of(String... claims) {
    return parse(List.of(claims));
  }

  public boolean all() {
    return all;
  }

  public boolean isEmpty() {
    return !all && kinds.isEmpty() && symbols.isEmpty();
  }

  /** Whether {@code symbol} of {@code kind} may be sent to the holder. */
  public boolean permits(String symbol, String kind) {
    return all || symbols.contains(symbol) || (kind != null && kinds.contains(kind));
  }

  public String key() {
    return key;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Grants g && g.key.equals(key);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return key;
  }
}
