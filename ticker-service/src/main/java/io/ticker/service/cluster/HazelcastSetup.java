package io.ticker.service.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.ticker.service.ServiceConfig.ClusterSettings;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * The Hazelcast configuration of a node: Vert.x's own maps (from its default config) plus TCP/IP
 * join on the given members (or Kubernetes DNS discovery), no multicast, no join delay, a failure
 * detector tuned so a dead or silent member is noticed in seconds, not the default minute (the
 * leader sooner, by {@link LeaderWatch}), and a quick split-brain merge.
 */
public final class HazelcastSetup {

  /** Member attribute carrying the Ticker node id, so every node can name the leader. */
  public static final String NODE_ID_ATTRIBUTE = "ticker.node";

  private HazelcastSetup() {
  }

  /** How long a member other than the leader may send no heartbeat before it is declared dead. */
  static int memberTimeoutSec(int failureTimeoutSec) {
    return Math.max(5, 2 * failureTimeoutSec);
  }

  /**
   * A system property Hazelcast reads when it starts its networking, so set before the first member
   * starts (unless the operator set it). A frozen member (SIGSTOP, a long pause: its kernel still
   * accepts connections, it never answers) makes one Hazelcast output thread of the new master spin
   * on the connection to it (hazelcast/hazelcast#26473: the pipeline, blocked on a handshake that
   * never comes, puts itself back on its thread's task queue, which is then never empty), about
   * 0.7 of a core until the thaw. Such a thread never selects again, so a write that waits for its
   * selector never goes out: with Hazelcast's default, writes to a live member whose connection
   * shares that thread wait on it, and that member's heartbeats stop; the survivors split (seen in
   * {@code FrozenLeaderIT}: survivors without data for 8–13 s). Without the selection-key wakeup,
   * such writes go through the task queue, which the spinning thread still runs.
   */
  static final String SELECTION_KEY_WAKEUP = "hazelcast.io.selectionKeyWakeupEnabled";

  public static Config config(ClusterSettings settings, String nodeId) {
    if (System.getProperty(SELECTION_KEY_WAKEUP) == null) {
      System.setProperty(SELECTION_KEY_WAKEUP, "false");
    }
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, nodeId);
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.max.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.shutdownhook.enabled", "false"); // Vert.x leaves the cluster itself
    // Listen on the cluster host only, never on every interface (the default binds 0.0.0.0).
    config.setProperty("hazelcast.socket.bind.any", "false");
    // Failure detection: heartbeat every second (Hazelcast's finest step, and how often it checks).
    // The leader is judged quickly by its own beats (LeaderWatch: 3/4 of failureTimeoutSec); every
    // other member is dead after twice failureTimeoutSec, at least 5 s, without a heartbeat. A member
    // busy for a few seconds (a new master taking over on a loaded machine sent none for 3 s) must
    // not be cut off: the survivors of a frozen leader then split, and the merge back waited for
    // the thaw, with two leaders meanwhile. Phi accrual was tried: it suspected a frozen member only
    // after about 5 s here.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(memberTimeoutSec(settings.failureTimeoutSec())));
    config.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
    // After a partition heals or a frozen member thaws, the smaller side merges into the larger one
    // (the thawed leader gives up the feed then): look for the other side every 2 s, not 5 s.
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "2");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "2");

    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(true).setPortCount(20);
    if (settings.kubernetesService() == null) {
      config.setProperty("hazelcast.local.localAddress", settings.host()); // bind and advertise this address
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (settings.kubernetesService() != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", settings.kubernetesService());
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(settings.members()).setConnectionTimeoutSeconds(2);
    }
    return config;
  }
}
