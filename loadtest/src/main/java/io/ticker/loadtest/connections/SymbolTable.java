package io.ticker.loadtest.connections;

import java.util.List;

/**
 * The symbol universe, indexed 0..n-1, with a lookup straight from the parser's character buffer
 * so that no String is made per tick.
 */
public final class SymbolTable {

  private final String[] names;
  private final char[][] chars;
  private final int[] slots;
  private final int mask;

  public SymbolTable(List<String> symbols) {
    names = symbols.toArray(new String[0]);
    chars = new char[names.length][];
    int cap = Integer.highestOneBit(Math.max(4, names.length * 3)) << 1;
    slots = new int[cap];
    mask = cap - 1;
    for (int i = 0; i < names.length; i++) {
      chars[i] = names[i].toCharArray();
      int s = hash(chars[i], 0, chars[i].length) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = i + 1;
    }
  }

  public int size() {
    return names.length;
  }

  public String name(int index) {
    return names[index];
  }

  /** The index of the symbol spelled by {@code buf[off..off+len)}, or -1. */
  int indexOf(char[] buf, int off, int len) {
    int s = hash(buf, off, len) & mask;
    while (true) {
      int v = slots[s];
      if (v == 0) {
        return -1;
      }
      char[] c = chars[v - 1];
      if (c.length == len && equal(c, buf, off, len)) {
        return v - 1;
      }
      s = (s + 1) & mask;
    }
  }

  int indexOf(String symbol) {
    return indexOf(symbol.toCharArray(), 0, symbol.length());
  }

  private static boolean equal(char[] c, char[] buf, int off, int len) {
    for (int i = 0; i < len; i++) {
      if (c[i] != buf[off + i]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(char[] buf, int off, int len) {
    int h = 0;
    for (int i = 0; i < len; i++) {
      h = 31 * h + buf[off + i];
    }
    return h ^ (h >>> 16);
  }
}
