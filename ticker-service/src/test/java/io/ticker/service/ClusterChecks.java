package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.testing.ClusterJvms;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the cluster fault tests check on their clients and nodes. */
final class ClusterChecks {

  private ClusterChecks() {
  }

  /** The client's latest tick per symbol, asserting seq never went backwards on the way. */
  static Map<String, JsonObject> checkedView(WsClient client) {
    Map<String, JsonObject> view = new HashMap<>();
    for (WsClient.Received frame : List.copyOf(client.received)) {
      if ("snapshot".equals(frame.type()) || "update".equals(frame.type())) {
        for (Object o : frame.json().getJsonArray("ticks")) {
          JsonObject tick = (JsonObject) o;
          JsonObject before = view.put(tick.getString("symbol"), tick);
          assertTrue(before == null || before.getLong("seq") < tick.getLong("seq"), "seq never goes backwards: " + before + " then " + tick);
        }
      }
    }
    return view;
  }

  /** The first symbol whose tick differs from the reference's, or null when none does. */
  static String difference(Map<String, JsonObject> reference, Map<String, JsonObject> other) {
    for (Map.Entry<String, JsonObject> expected : reference.entrySet()) {
      JsonObject actual = other.get(expected.getKey());
      if (!expected.getValue().equals(actual)) {
        return "has " + actual + " where the reference has " + expected.getValue();
      }
    }
    return other.size() == reference.size() ? null : "has " + other.size() + " symbols, not " + reference.size();
  }

  /**
   * The longest time, by the feed's own stamps ({@code ts}), between two consecutive update frames
   * a client got at or after {@code fromMs}: how long it went without new data, free of the client's
   * arrival jitter.
   */
  static long largestGapMs(WsClient client, long fromMs) {
    long previous = Long.MIN_VALUE;
    long largest = 0;
    for (WsClient.Received frame : List.copyOf(client.received)) {
      if ("update".equals(frame.type()) && frame.atMs() >= fromMs) {
        long newest = TestSupport.newestTs(frame.json());
        if (previous != Long.MIN_VALUE) {
          largest = Math.max(largest, newest - previous);
        }
        previous = Math.max(previous, newest);
      }
    }
    return largest;
  }

  /**
   * Starts nodes 0..size-1 one after the other (n1 is the oldest member), each ready before the next
   * starts (or, below --cluster-min-members, answering); then all ready.
   */
  static void startInOrder(ClusterJvms cluster, int size, String... flags) throws Exception {
    for (int i = 0; i < size; i++) {
      cluster.startNode(i, flags);
      int node = i;
      TestSupport.until(ClusterJvms.tolerant(() -> {
        JsonObject health = cluster.health(node);
        JsonObject members = health.getJsonObject("cluster");
        return "UP".equals(health.getString("status")) || members.getInteger("members") < members.getInteger("minMembers");
      }), Duration.ofSeconds(60), "n" + (i + 1) + " up");
    }
    for (int i = 0; i < size; i++) {
      int node = i;
      TestSupport.until(ClusterJvms.tolerant(() -> cluster.ready(node)), Duration.ofSeconds(60), "n" + (i + 1) + " ready");
    }
  }

  /** One client per node (client i on node i), subscribed to every symbol at 100 ms, each with an update. */
  static List<WsClient> subscribeOnEveryNode(Vertx vertx, ClusterJvms cluster, int size) {
    List<WsClient> clients = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      WsClient client = WsClient.connect(vertx, cluster.host(i), cluster.httpPort(i));
      client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
      client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(20));
      clients.add(client);
    }
    return clients;
  }

  /**
   * After the feed stopped: every node's snapshot and every client's view (client i on node i) come
   * to the leader's snapshot, and no client ever saw seq go backwards.
   */
  static void awaitConvergence(ClusterJvms cluster, List<WsClient> clients) {
    int leader = cluster.leaderIndex(0);
    try {
      TestSupport.until(ClusterJvms.tolerant(() -> disagreement(cluster, clients, cluster.snapshot(leader)) == null), Duration.ofSeconds(30),
          "every node's snapshot and every client's view agree once the feed stops");
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + ": " + disagreement(cluster, clients, cluster.snapshot(leader)), e);
    }
    Map<String, JsonObject> reference = cluster.snapshot(leader);
    for (WsClient client : clients) {
      org.junit.jupiter.api.Assertions.assertEquals(reference, checkedView(client), "a client's view (seq never went backwards)");
    }
  }

  /** Where nodes' snapshots or clients' views differ from the reference; null when nowhere. */
  private static String disagreement(ClusterJvms cluster, List<WsClient> clients, Map<String, JsonObject> reference) {
    for (int i = 0; i < clients.size(); i++) {
      String diff = difference(reference, cluster.snapshot(i));
      if (diff != null) {
        return "n" + (i + 1) + "'s snapshot " + diff;
      }
      diff = difference(reference, TestSupport.view(clients.get(i)));
      if (diff != null) {
        return "the client of n" + (i + 1) + " " + diff;
      }
    }
    return null;
  }
}
