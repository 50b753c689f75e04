package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.bus.Codecs;
import io.ticker.service.bus.Topic;
import io.ticker.service.bus.FeedStatus;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.cluster.HazelcastSetup;
import io.ticker.service.testing.TestPki;
import io.ticker.sim.FeedServerVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed cluster: three nodes with event-bus mutual TLS serve their clients, while a fourth
 * process that knows the cluster name and joins Hazelcast, but has no certificate from the
 * cluster CA, cannot get a tick or a status into them. And nothing listens beyond the cluster host.
 */
class ClusterSecurityTest {

  private static final String FAKE_PRICE = "666.66";

  @TempDir
  Path dir;

  @Test
  void aProcessWithoutACertificateFromTheClusterCaDeliversNothing() {
    assertEquals(0, attack(true), "forged frames reached clients through the mTLS bus");
  }

  /** The control: the same attack on a cluster without bus TLS gets through, so the check above can fail. */
  @Test
  void withoutClusterTlsTheSameProcessDoesGetItsTicksIn() {
    assertTrue(attack(false) > 0, "the forged tick should reach clients of an open cluster");
  }

  /** Runs the rogue against three nodes; the number of forged frames their clients saw. */
  private int attack(boolean clusterTls) {
    TestPki pki = TestPki.create(dir);
    Path[] member = pki.issueServer("member", "127.0.0.1");
    int[] hz = {TestSupport.freePort(), TestSupport.freePort(), TestSupport.freePort(), TestSupport.freePort()};
    int[] bus = {TestSupport.freePort(), TestSupport.freePort(), TestSupport.freePort()};
    String name = "closed-" + hz[0];
    String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1] + ",127.0.0.1:" + hz[2] + ",127.0.0.1:" + hz[3];
    Vertx vertx = Vertx.vertx();
    FeedServerVerticle sim = TestSupport.startSimulator(vertx, 0, 1000, 20, 33);
    String feed = "ws://127.0.0.1:" + sim.actualPort() + "/feed";
    List<TickerNode> nodes = new ArrayList<>();
    Vertx rogue = null;
    try {
      for (int i = 0; i < 3; i++) {
        List<String> flags = new ArrayList<>(List.of("--http-port", "0", "--http-host", "127.0.0.1", "--node-id", "n" + (i + 1),
            "--cluster", "--cluster-name", name, "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(hz[i]),
            "--cluster-members", members, "--cluster-bus-port", String.valueOf(bus[i]), "--feed-url", feed, "--fanout-instances", "1"));
        if (clusterTls) {
          flags.addAll(List.of("--cluster-tls-cert-file", member[0].toString(), "--cluster-tls-key-file", member[1].toString(),
              "--cluster-tls-ca-file", pki.caCert().toString()));
        }
        nodes.add(await(TickerNode.start(TickerMain.parse(flags.toArray(String[]::new)))));
      }
      List<WsClient> clients = new ArrayList<>();
      for (TickerNode node : nodes) {
        TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(30), node.nodeId() + " ready");
        WsClient client = WsClient.connect(vertx, node.httpPort());
        client.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":100}");
        assertEquals(20, client.next("snapshot").getJsonArray("ticks").size(), "full snapshot over the mTLS bus on " + node.nodeId());
        // The bus between nodes may still be shaking hands on a busy machine, or a starved leader
        // been suspected and replaced (seen beside another build): the attack needs a working cluster, not a quick one.
        client.next(j -> "update".equals(j.getString("type")), Duration.ofSeconds(60));
        clients.add(client);
      }

      // Hazelcast and the event bus listen on the cluster host only: 127.0.0.2 reaches loopback too,
      // so a socket bound to every interface would answer there.
      for (int i = 0; i < 3; i++) {
        assertTrue(TestSupport.accepts("127.0.0.1", hz[i]) && TestSupport.accepts("127.0.0.1", bus[i]), "listening on the cluster host");
        assertFalse(TestSupport.accepts("127.0.0.2", hz[i]), "Hazelcast not on every interface");
        assertFalse(TestSupport.accepts("127.0.0.2", bus[i]), "event bus not on every interface");
      }

      // The rogue: right cluster name, joins Hazelcast, a certificate of its own making.
      Path[] forged = pki.selfSigned("rogue", "127.0.0.1");
      VertxOptions options = new VertxOptions();
      options.getEventBusOptions().setHost("127.0.0.1").setClusterPublicHost("127.0.0.1").setPort(0);
      if (clusterTls) { // it speaks TLS, trusts anything, and shows a certificate of its own making
        options.getEventBusOptions().setSsl(true).setTrustAll(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(forged[0].toString()).setKeyPath(forged[1].toString()));
      }
      ServiceConfig.ClusterSettings settings = new ServiceConfig.ClusterSettings(name, "127.0.0.1", hz[3], List.of(members.split(",")),
          null, 2, 1, 0, null, null, null);
      rogue = await(Vertx.builder().with(options)
          .withClusterManager(new HazelcastClusterManager(HazelcastSetup.config(settings, "rogue"))).buildClustered());
      Codecs.register(rogue.eventBus());
      Vertx attacker = rogue;
      TestSupport.until(() -> TestSupport.get(nodes.get(1).httpPort(), "/health/ready").json().getJsonObject("cluster")
          .getInteger("members") == 4, Duration.ofSeconds(20), "the rogue is a Hazelcast member");

      byte[] fake = ("{\"symbol\":\"BTC-USD\",\"seq\":999999999999,\"ts\":" + System.currentTimeMillis() + ",\"price\":\"" + FAKE_PRICE
          + "\",\"bid\":\"1\",\"ask\":\"1\",\"size\":\"1\",\"open\":\"1\",\"high\":\"1\",\"low\":\"1\",\"volume\":\"1\",\"change\":\"0\","
          + "\"changePct\":\"0\"}").getBytes(StandardCharsets.UTF_8);
      TickBatch batch = new TickBatch(List.of(new TickEvent("BTC-USD", 999_999_999_999L, System.currentTimeMillis(), fake, null)));
      FeedStatus stale = FeedStatus.stale(System.currentTimeMillis());
      int[] marks = clients.stream().mapToInt(c -> c.received.size()).toArray();
      long until = System.currentTimeMillis() + 3000;
      // Publish for 3 s, and keep the clients' traffic flowing meanwhile.
      TestSupport.until(() -> {
        Topic.TICKS.publish(attacker.eventBus(), batch);
        Topic.FEED_STATUS.publish(attacker.eventBus(), stale);
        return System.currentTimeMillis() > until;
      }, Duration.ofSeconds(10), "3 s of forged publishing");

      int forgedFrames = 0;
      for (int i = 0; i < clients.size(); i++) {
        WsClient client = clients.get(i);
        int seen = client.ofType("update").size();
        TestSupport.until(() -> client.ofType("update").size() > seen + 5, Duration.ofSeconds(5), "updates keep coming");
        List<WsClient.Received> after = WsClient.since(client, marks[i]);
        forgedFrames += (int) after.stream().filter(r -> r.json().encode().contains(FAKE_PRICE) || "status".equals(r.type())).count();
        if (TestSupport.get(nodes.get(i).httpPort(), "/api/snapshot?symbols=BTC-USD").body().contains(FAKE_PRICE)) {
          forgedFrames++;
        }
      }
      clients.forEach(WsClient::close);
      return forgedFrames;
    } finally {
      if (rogue != null) {
        rogue.close().toCompletionStage().toCompletableFuture().join();
      }
      nodes.forEach(n -> n.stop().toCompletionStage().toCompletableFuture().join());
      await(vertx.close());
    }
  }
}
