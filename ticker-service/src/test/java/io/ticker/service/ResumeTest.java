package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Resume after a reconnect: a {@code subscribe} with {@code since} gets a snapshot of only the
 * symbols that moved past what the client has, and from then on every change as usual. The feed is
 * slow (40 ticks/s over 300 symbols), so most symbols sit still for seconds and the snapshot can
 * be checked exactly against {@code /api/snapshot}.
 */
class ResumeTest {

  static Vertx vertx;
  static FeedServerVerticle sim;
  static TickerNode node;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    int feedPort = TestSupport.freePort();
    sim = TestSupport.startSimulator(vertx, feedPort, 40, 300, 11);
    node = TestSupport.startNode("--feed-url", "ws://127.0.0.1:" + feedPort + "/feed", "--fanout-instances", "1",
        "--max-symbols-per-conn", "20");
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "node ready");
  }

  @AfterAll
  static void stop() {
    await(node.stop());
    await(vertx.close());
  }

  private static WsClient connect() {
    WsClient client = WsClient.connect(vertx, node.httpPort());
    client.next("welcome");
    return client;
  }

  private static String subscribe(Collection<String> symbols, Map<String, Long> since) {
    JsonObject op = new JsonObject().put("op", "subscribe").put("id", "r").put("symbols", new JsonArray(List.copyOf(symbols)))
        .put("intervalMs", 50);
    if (since != null) {
      op.put("since", new JsonObject(new HashMap<>(since)));
    }
    return op.encode();
  }

  private static Map<String, Long> seqs(Map<String, JsonObject> ticks, Collection<String> symbols) {
    Map<String, Long> seqs = new TreeMap<>();
    for (String symbol : symbols) {
      JsonObject tick = ticks.get(symbol);
      if (tick != null) {
        seqs.put(symbol, tick.getLong("seq"));
      }
    }
    return seqs;
  }

  private static Map<String, Long> seqs(JsonObject frame) {
    Map<String, Long> seqs = new TreeMap<>();
    frame.getJsonArray("ticks").forEach(o -> seqs.put(((JsonObject) o).getString("symbol"), ((JsonObject) o).getLong("seq")));
    return seqs;
  }

  /** Every data tick the client got, in order: seq rises per symbol, and never at or below {@code floor}. */
  private static void assertRising(WsClient client, Map<String, Long> floor) {
    Map<String, Long> last = new HashMap<>(floor);
    for (WsClient.Received frame : List.copyOf(client.received)) {
      if ("snapshot".equals(frame.type()) || "update".equals(frame.type())) {
        for (Object o : frame.json().getJsonArray("ticks")) {
          JsonObject tick = (JsonObject) o;
          Long before = last.put(tick.getString("symbol"), tick.getLong("seq"));
          assertTrue(before == null || tick.getLong("seq") > before, "seq rises past what the client had: " + tick + " after " + before);
        }
      }
    }
  }

  @Test
  void aResumingSnapshotHoldsExactlyTheSymbolsThatMovedAndEveryLaterChangeStillComes() {
    int port = node.httpPort();
    // Twelve synthetic symbols (the least liquid, about 0.1 ticks/s each here): most of them sit still for seconds.
    List<String> symbols = TestSupport.snapshot(port).values().stream().filter(t -> t.getString("symbol").startsWith("SYN"))
        .sorted(Comparator.comparingLong((JsonObject t) -> t.getLong("seq")).thenComparing(t -> t.getString("symbol")))
        .limit(12).map(t -> t.getString("symbol")).sorted().collect(Collectors.toList());

    WsClient first = connect();
    first.send(subscribe(symbols, null));
    assertEquals(Set.copyOf(symbols), seqs(first.next("snapshot")).keySet());
    TestSupport.until(() -> !first.ofType("update").isEmpty(), Duration.ofSeconds(30), "an update on the first connection");
    first.close();
    Map<String, JsonObject> firstView = TestSupport.view(first);
    Map<String, Long> had = seqs(firstView, symbols);
    assertEquals(symbols.size(), had.size());
    TestSupport.until(() -> moved(seqs(TestSupport.snapshot(port), symbols), had).size() >= 3, Duration.ofSeconds(60),
        "three of the symbols move on while the client is away");

    for (int attempt = 1; ; attempt++) {
      Map<String, Long> before = seqs(TestSupport.snapshot(port), symbols);
      WsClient second = connect();
      second.send(subscribe(symbols, had));
      assertEquals("subscribed", second.next(j -> !"status".equals(j.getString("type")), Duration.ofSeconds(5)).getString("type"));
      Map<String, Long> sent = seqs(second.next("snapshot"));
      Map<String, Long> after = seqs(TestSupport.snapshot(port), symbols);
      if (!before.equals(after)) { // a tick landed while subscribing: the exact check needs a still market
        second.close();
        assertTrue(attempt < 10, "the market sat still around one of ten resumes");
        continue;
      }
      Set<String> moved = moved(after, had);
      assertEquals(moved, sent.keySet(), "the snapshot holds exactly the symbols whose seq passed the client's");
      moved.forEach(s -> assertEquals(after.get(s), sent.get(s), "the current tick of " + s));
      Set<String> omitted = new TreeSet<>(symbols);
      omitted.removeAll(moved);
      assertFalse(omitted.isEmpty(), "some symbols sat still: " + after + " vs " + had);
      omitted.forEach(s -> assertEquals(had.get(s), after.get(s), s + " is current on the client"));

      // Every later change comes, of the left-out symbols too, and the client's view (what it kept
      // from the first connection, then the second) converges to the server's.
      TestSupport.until(() -> {
        Map<String, Long> got = seqs(TestSupport.view(second), omitted);
        return !got.isEmpty();
      }, Duration.ofSeconds(60), "a symbol left out of the snapshot changes and is sent");
      TestSupport.until(() -> {
        Map<String, JsonObject> view = new HashMap<>(firstView);
        view.putAll(TestSupport.view(second));
        Map<String, JsonObject> server = TestSupport.snapshot(port);
        return symbols.stream().allMatch(s -> server.get(s).equals(view.get(s)));
      }, Duration.ofSeconds(30), "the resumed client's view equals /api/snapshot");
      assertRising(second, had);
      second.close();
      return;
    }
  }

  private static Set<String> moved(Map<String, Long> now, Map<String, Long> had) {
    return had.keySet().stream().filter(s -> now.get(s) > had.get(s)).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aClientAheadOfTheNodeIsHeldUntilTheNodePassesItOrTheHoldRunsOut() {
    int port = node.httpPort();
    String busy = "BTC-USD"; // the simulator's most liquid symbol: about 0.9 ticks/s here
    String other = "ETH-USD";
    String restarted = "SOL-USD"; // the client's seq is from another history (the feed and the nodes restarted)
    Map<String, JsonObject> api = TestSupport.snapshot(port);
    long ahead = api.get(busy).getLong("seq") + 1; // as if it came from a node a tick ahead of this one
    long far = api.get(restarted).getLong("seq") + 1_000_000;
    try (WsClient client = connect()) {
      long subscribedAt = System.currentTimeMillis();
      client.send(subscribe(List.of(busy, other, restarted), Map.of(busy, ahead, restarted, far)));
      Map<String, Long> sent = seqs(client.next("snapshot"));
      assertTrue(sent.containsKey(other), "the symbol not named in since comes as usual");
      assertFalse(sent.containsKey(restarted), "the snapshot follows since: " + sent);
      assertTrue(!sent.containsKey(busy) || sent.get(busy) > ahead, "nothing at or below the client's seq: " + sent);

      TestSupport.until(() -> TestSupport.view(client).containsKey(busy), Duration.ofSeconds(60), busy + " is sent");
      long busyArrived = arrival(client, busy);
      long busySeq = TestSupport.view(client).get(busy).getLong("seq");
      assertTrue(busySeq > ahead || busyArrived - subscribedAt >= ClientSessionHold.MS - 100,
          busy + " is held until the node passes the client's seq (or the hold runs out): seq " + busySeq);

      TestSupport.until(() -> TestSupport.view(client).containsKey(restarted), Duration.ofSeconds(20),
          restarted + " is sent once the hold runs out");
      assertTrue(arrival(client, restarted) - subscribedAt >= ClientSessionHold.MS - 100, "not before the hold ran out");
      TestSupport.until(() -> TestSupport.snapshot(port).get(restarted).equals(TestSupport.view(client).get(restarted)),
          Duration.ofSeconds(10), restarted + " converges to /api/snapshot");
    }
  }

  /** The service's resume hold (Delivery.RESUME_HOLD_MS, package-private there). */
  private static final class ClientSessionHold {
    static final long MS = 5000;
  }

  /** When the first data tick of {@code symbol} arrived on {@code client}. */
  private static long arrival(WsClient client, String symbol) {
    for (WsClient.Received frame : List.copyOf(client.received)) {
      if (("snapshot".equals(frame.type()) || "update".equals(frame.type()))
          && frame.json().getJsonArray("ticks").stream().anyMatch(o -> symbol.equals(((JsonObject) o).getString("symbol")))) {
        return frame.atMs();
      }
    }
    throw new AssertionError("no tick of " + symbol);
  }

  @Test
  void aMalformedSinceIsABadRequestAndSubscribesNothing() {
    try (WsClient client = connect()) {
      for (String since : List.of("[1]", "{\"BTC-USD\":-1}", "{\"BTC-USD\":\"5\"}", "{\"BTC-USD\":1.5}", "{\"BTC-USD\":1,\"ETH-USD\":2}")) {
        client.send("{\"op\":\"subscribe\",\"id\":\"bad\",\"symbols\":[\"BTC-USD\"],\"since\":" + since + "}");
        JsonObject error = client.next(j -> !"status".equals(j.getString("type")), Duration.ofSeconds(5));
        assertEquals("error", error.getString("type"), since);
        assertEquals("BAD_REQUEST", error.getString("code"), since);
        assertEquals("bad", error.getString("id"));
      }
      client.send("{\"op\":\"subscribe\",\"id\":\"ok\",\"symbols\":[\"BTC-USD\"],\"since\":{\"BTC-USD\":0}}");
      assertEquals("subscribed", client.next(j -> !"status".equals(j.getString("type")), Duration.ofSeconds(5)).getString("type"));
      assertEquals(Set.of("BTC-USD"), seqs(client.next("snapshot")).keySet(), "seq 0 is older than any tick");
      assertTrue(client.ofType("snapshot").size() == 1 && client.ofType("subscribed").size() == 1, "the bad ones subscribed nothing");
    }
  }
}
