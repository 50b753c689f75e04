package io.ticker.loadtest.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.protocol.ClientRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The subscribe op the harness sends, read back with the service's own parser. */
class SubscriptionsTest {

  private static final SymbolTable TABLE = new SymbolTable(List.of("BTC-USD", "ETH-USD", "AAPL", "MSFT"));

  @Test
  void aFirstSubscribeHasNoSince() throws Exception {
    ClientRequest r = ClientRequest.parse(Subscriptions.subscribeMessage(TABLE, new int[] {0, 2}, 100));
    assertEquals(List.of("BTC-USD", "AAPL"), r.symbols());
    assertEquals(100, r.intervalMs());
    assertNull(r.since());
  }

  @Test
  void aResumeCarriesTheLastSeenSeqOfEverySymbolSeen() throws Exception {
    // slots of symbols {0, 2, 3}: BTC-USD seen at 41, AAPL never (-1), MSFT at 0
    ClientRequest r = ClientRequest.parse(Subscriptions.subscribeMessage(TABLE, new int[] {0, 2, 3}, 250, new long[] {41, -1, 0}));
    assertEquals(List.of("BTC-USD", "AAPL", "MSFT"), r.symbols());
    assertEquals(Map.of("BTC-USD", 41L, "MSFT", 0L), r.since());
    ClientRequest all = ClientRequest.parse(Subscriptions.subscribeMessage(TABLE, null, 250, new long[] {-1, 7, -1, -1}));
    assertEquals(List.of("*"), all.symbols());
    assertEquals(Map.of("ETH-USD", 7L), all.since());
  }

  @Test
  void aStarResumeOverALargeUniverseStaysUnderTheFrameLimit() throws Exception {
    List<String> names = new ArrayList<>();
    long[] seqs = new long[20_000];
    for (int i = 0; i < seqs.length; i++) {
      names.add(String.format("SYN%05d", i));
      seqs[i] = 1_000_000_000_000L + i;
    }
    String message = Subscriptions.subscribeMessage(new SymbolTable(names), null, 250, seqs);
    assertTrue(message.length() < 64 * 1024, "under the service's 64 KiB frame limit: " + message.length());
    Map<String, Long> since = ClientRequest.parse(message).since();
    assertTrue(since.size() > 1000, "as many as fit: " + since.size());
    assertEquals(1_000_000_000_000L, since.get("SYN00000"));
  }
}
