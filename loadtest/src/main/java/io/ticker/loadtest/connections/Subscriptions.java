package io.ticker.loadtest.connections;

import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.Op;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.ticker.model.Wire;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The seeded random symbol set of every connection and the subscribe message for it. */
public final class Subscriptions {

  private Subscriptions() {
  }

  /** {@code k} distinct symbol indexes out of {@code universe}, sorted (partial Fisher-Yates). */
  static int[] pick(SplittableRandom random, int universe, int k) {
    int[] all = new int[universe];
    for (int i = 0; i < universe; i++) {
      all[i] = i;
    }
    for (int i = 0; i < k; i++) {
      int j = i + random.nextInt(universe - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = Arrays.copyOf(all, k);
    Arrays.sort(chosen);
    return chosen;
  }

  /** One set per connection, reproducible from the seed; null entries mean "*". */
  public static int[][] plan(long seed, int connections, int universe, int k, boolean all) {
    int[][] sets = new int[connections][];
    SplittableRandom random = new SplittableRandom(seed);
    for (int c = 0; c < connections; c++) {
      sets[c] = all ? null : pick(random, universe, k);
    }
    return sets;
  }

  /** The {@code auth} op carrying {@code token} (--jwt-via-op). */
  static String authMessage(String token) {
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("op", Op.AUTH.wire());
    msg.put("id", "lt-auth");
    msg.put("token", token);
    return write(msg);
  }

  /**
   * Most characters of a {@code since} object: the service closes frames over 64 KiB (1009), so a
   * "*" connection over a large universe resumes with the symbols that fit and gets the others in
   * its snapshot as usual.
   */
  static final int SINCE_BUDGET_CHARS = 56 * 1024;

  static String subscribeMessage(SymbolTable table, int[] symbols, int intervalMs) {
    return subscribeMessage(table, symbols, intervalMs, null);
  }

  /**
   * The subscribe op; with {@code since} (a resume, by slot as in {@link ClientConnection}: the
   * last seq seen, -1 = none) it carries {@code "since":{symbol: seq,…}} for the slots seen.
   */
  static String subscribeMessage(SymbolTable table, int[] symbols, int intervalMs, long[] since) {
    List<String> names = new ArrayList<>();
    if (symbols == null) {
      names.add("*");
    } else {
      for (int s : symbols) {
        names.add(table.name(s));
      }
    }
    Map<String, Object> msg = new LinkedHashMap<>();
    msg.put("op", Op.SUBSCRIBE.wire());
    msg.put("id", "lt");
    msg.put("symbols", names);
    msg.put("intervalMs", intervalMs);
    if (since != null) {
      Map<String, Long> resume = new LinkedHashMap<>();
      int chars = 0;
      for (int slot = 0; slot < since.length && resume.size() < ClientRequest.MAX_SINCE_ENTRIES; slot++) {
        if (since[slot] < 0) {
          continue;
        }
        String name = table.name(symbols == null ? slot : symbols[slot]);
        chars += name.length() + 24; // quotes, colon, comma, up to 19 digits
        if (chars > SINCE_BUDGET_CHARS) {
          break;
        }
        resume.put(name, since[slot]);
      }
      msg.put(ClientRequest.SINCE, resume);
    }
    return write(msg);
  }

  private static String write(Map<String, Object> msg) {
    try {
      return Wire.JSON.writeValueAsString(msg);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
