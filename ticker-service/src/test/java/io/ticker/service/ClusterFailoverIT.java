package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three service JVMs and a simulator JVM on loopback, from the built jars: kill -9 the leader,
 * another node takes over the feed, clients on the survivors see stale then live and converge, a
 * restarted node rejoins and serves the same snapshot.
 */
class ClusterFailoverIT {

  private static final Path SERVICE_JAR = Path.of("target", "ticker-service.jar");
  private static final Path SIMULATOR_JAR = Path.of("..", "feed-simulator", "target", "feed-simulator.jar");
  private static final int[] CLUSTER_PORTS = {TestSupport.freePort(), TestSupport.freePort(), TestSupport.freePort()};
  private static final String MEMBERS = "127.0.0.1:" + CLUSTER_PORTS[0] + ",127.0.0.1:" + CLUSTER_PORTS[1] + ",127.0.0.1:" + CLUSTER_PORTS[2];

  private final List<JvmProcess> processes = new ArrayList<>();
  private final int[] httpPorts = new int[3];
  private int feedPort;

  private JvmProcess startNode(int i) throws Exception {
    JvmProcess node = JvmProcess.start("node" + (i + 1), SERVICE_JAR, "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPorts[i]),
        "--node-id", "n" + (i + 1), "--cluster", "--cluster-name", "ticker-it", "--cluster-port", String.valueOf(CLUSTER_PORTS[i]),
        "--cluster-members", MEMBERS, "--feed-url", "ws://127.0.0.1:" + feedPort + "/feed", "--fanout-instances", "1", "--feed-stale-ms", "1000");
    processes.add(node);
    return node;
  }

  @Test
  void killingTheLeaderMovesTheFeedAndEveryoneConverges() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      feedPort = TestSupport.freePort();
      for (int i = 0; i < 3; i++) {
        httpPorts[i] = TestSupport.freePort();
      }
      JvmProcess simulator = JvmProcess.start("simulator", SIMULATOR_JAR, "--host", "127.0.0.1", "--port", String.valueOf(feedPort),
          "--rate", "2000", "--symbols", "30", "--seed", "4", "--burst-every", "0");
      processes.add(simulator);
      long t0 = System.currentTimeMillis();
      JvmProcess leader = startNode(0);
      TestSupport.until(() -> TestSupport.ready(httpPorts[0]), Duration.ofSeconds(60), "n1 ready");
      System.out.printf("startup-to-ready n1 (first member): %d ms%n", System.currentTimeMillis() - t0);
      for (int i = 1; i < 3; i++) {
        long start = System.currentTimeMillis();
        startNode(i);
        int port = httpPorts[i];
        TestSupport.until(() -> TestSupport.ready(port), Duration.ofSeconds(60), "n" + (i + 1) + " ready");
        System.out.printf("startup-to-ready n%d (joining): %d ms%n", i + 1, System.currentTimeMillis() - start);
      }
      assertEquals("n1", TestSupport.get(httpPorts[1], "/health/ready").json().getJsonObject("cluster").getString("leader"));

      List<WsClient> clients = new ArrayList<>();
      for (int i = 1; i < 3; i++) {
        WsClient client = WsClient.connect(vertx, httpPorts[i]);
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
        client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(20));
        clients.add(client);
      }

      long killedAt = System.currentTimeMillis();
      leader.kill();
      for (WsClient client : clients) {
        assertEquals("stale", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(30)).getString("feed"));
        assertEquals("live", client.next(j -> "status".equals(j.getString("type")), Duration.ofSeconds(30)).getString("feed"));
      }
      long takeover = clients.stream().mapToLong(c -> c.received.stream()
          .filter(r -> "status".equals(r.type()) && "live".equals(r.json().getString("feed")) && r.atMs() > killedAt)
          .mapToLong(WsClient.Received::atMs).min().orElseThrow()).max().orElseThrow() - killedAt;
      System.out.printf("takeover after kill -9 of the leader (kill to 'live' on every survivor's clients): %d ms%n", takeover);
      assertEquals(1, leaders(httpPorts[1], httpPorts[2]), "exactly one node ingests after the cluster settles");

      // The killed node comes back and rejoins; it serves a full snapshot before it says ready.
      startNode(0);
      TestSupport.until(() -> TestSupport.ready(httpPorts[0]), Duration.ofSeconds(60), "n1 ready again");
      assertEquals(30, TestSupport.get(httpPorts[0], "/api/snapshot").json().getJsonArray("ticks").size());
      assertEquals(1, leaders(httpPorts[0], httpPorts[1], httpPorts[2]), "still exactly one leader after the rejoin");

      // The feed goes quiet: every node and every client agree on every value.
      assertEquals(0, simulator.terminate(), "the simulator exits 0 on SIGTERM");
      for (WsClient client : clients) {
        client.next(j -> "status".equals(j.getString("type")) && "stale".equals(j.getString("feed")), Duration.ofSeconds(10));
      }
      // Quiet feed, fixed snapshots: wait until every node and every client has caught up with them.
      Map<String, JsonObject> reference = snapshot(httpPorts[1]);
      assertEquals(30, reference.size());
      TestSupport.until(() -> reference.equals(snapshot(httpPorts[0])) && reference.equals(snapshot(httpPorts[2]))
          && clients.stream().allMatch(c -> reference.equals(TestSupport.view(c))), Duration.ofSeconds(30),
          "every node's /api/snapshot and every client's view agree");
      assertEquals(reference, snapshot(httpPorts[1]), "the reference stayed put");
      for (WsClient client : clients) {
        assertEquals(reference, viewOf(client), "a surviving client's view (seq never went backwards)");
      }

      // SIGTERM to a node: its clients are told 1001 and it exits 0.
      JvmProcess n2 = processes.stream().filter(p -> p.name.equals("node2")).findFirst().orElseThrow();
      assertEquals(0, n2.terminate(), "a node exits 0 on SIGTERM");
      assertEquals(1001, clients.get(0).awaitClose(Duration.ofSeconds(20)));
      clients.forEach(WsClient::close);
    } finally {
      for (JvmProcess process : processes) {
        process.close();
      }
      await(vertx.close());
    }
  }

  private static long leaders(int... ports) {
    long count = 0;
    for (int port : ports) {
      count += (long) TestSupport.metric(port, "ticker_cluster_leader");
    }
    return count;
  }

  private static Map<String, JsonObject> snapshot(int port) {
    return TestSupport.snapshot(port);
  }

  /** The client's latest tick per symbol, checking seq never went backwards on the way. */
  private static Map<String, JsonObject> viewOf(WsClient client) {
    Map<String, JsonObject> view = new HashMap<>();
    for (WsClient.Received frame : client.received) {
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
}
