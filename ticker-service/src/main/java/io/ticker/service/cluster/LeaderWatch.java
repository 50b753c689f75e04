package io.ticker.service.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.ticker.service.bus.Topic;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Notices a frozen or cut-off leader sooner than Hazelcast's heartbeats can: they are a second
 * apart and checked once a second, so a leader that froze (a long GC pause, a paused VM: its
 * sockets stay open) is suspected 1 to 3 s later, and its clients' nodes wait that long for data.
 *
 * <p>The leader publishes a beat every {@value #BEAT_MS} ms on the clustered event bus. A follower
 * that has heard the current leader's beats and then hears none for {@code silenceMs} asks its
 * Hazelcast member to suspect the leader, which starts Hazelcast's own removal and mastership claim
 * (every follower sees the same silence, so the claim is accepted). A round in which this node's own
 * timer ran late (a pause here, with beats still queued unread) is not judged, nor is the half
 * second after it, so a busy or paused follower does not take over from a healthy leader.
 *
 * <p>The beats ride the event bus, so they also go quiet when only the leader's event loop or the
 * bus is held up (a starved machine, a node starting beside it in the same JVM) while the leader
 * lives: a second signal must agree. The leader is suspected only once Hazelcast, too, has heard no
 * heartbeat from it for nearly as long ({@link #hazelcastSilenceMs}); a frozen or cut-off leader
 * stops both at once, so this costs it no time.
 */
final class LeaderWatch {

  private static final Logger LOG = Logger.getLogger(LeaderWatch.class.getName());
  static final long BEAT_MS = 100;
  private static final long GRACE_AFTER_LATE_ROUND_MS = 500;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String selfId;
  private final long silenceMs;
  private Member leader;
  private boolean leading;
  private long lastBeatMs;
  private long lastRoundMs;
  private long graceUntilMs;
  private boolean suspected;
  /** The beats are silent but Hazelcast still hears the leader: said once per silence. */
  private boolean toldHeartbeatsArrive;

  LeaderWatch(Vertx vertx, HazelcastInstance hazelcast, String selfId, long silenceMs) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.selfId = selfId;
    this.silenceMs = silenceMs;
  }

  /** On the leadership's context: beats are counted and rounds run there. */
  void start() {
    Topic.LEADER_BEAT.subscribe(vertx.eventBus(), id -> {
      if (leader != null && id.equals(leader.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE))) {
        lastBeatMs = System.currentTimeMillis();
      }
    });
    vertx.setPeriodic(BEAT_MS, t -> round());
  }

  /** After every election: whom to watch ({@code null}: nobody leads), and whether that is this node. */
  void follow(Member newLeader, boolean self) {
    if (!Objects.equals(newLeader, leader)) {
      leader = newLeader;
      lastBeatMs = 0; // watched only once heard: a leader still starting is Hazelcast's to judge
      suspected = false;
      toldHeartbeatsArrive = false;
    }
    leading = self;
  }

  private void round() {
    long now = System.currentTimeMillis();
    if (lastRoundMs != 0 && now - lastRoundMs > 3 * BEAT_MS) {
      graceUntilMs = now + GRACE_AFTER_LATE_ROUND_MS;
    }
    lastRoundMs = now;
    if (leading) {
      Topic.LEADER_BEAT.publish(vertx.eventBus(), selfId);
    } else if (leader != null && lastBeatMs != 0 && !suspected && now >= graceUntilMs && now - lastBeatMs > silenceMs) {
      long heartbeatSilenceMs = hazelcastSilenceMs(leader);
      if (heartbeatSilenceMs >= 0 && heartbeatSilenceMs < silenceMs - 3 * BEAT_MS) {
        if (!toldHeartbeatsArrive) {
          toldHeartbeatsArrive = true;
          LOG.info("leader beats silent for " + (now - lastBeatMs) + " ms, but its Hazelcast heartbeats arrive (last "
              + heartbeatSilenceMs + " ms ago): it lives, not suspected");
        }
        return;
      }
      suspected = true;
      suspect(leader, now - lastBeatMs);
    } else if (now - lastBeatMs <= silenceMs) {
      toldHeartbeatsArrive = false;
    }
  }

  /** How long this member's Hazelcast has heard no heartbeat from {@code member}, or -1 when it cannot tell. */
  private long hazelcastSilenceMs(Member member) {
    if (hazelcast instanceof HazelcastInstanceProxy proxy && proxy.getLifecycleService().isRunning()) {
      long last = proxy.getOriginal().node.getClusterService().getClusterHeartbeatManager().getLastHeartbeatTime(member);
      return last <= 0 ? -1 : Math.max(0, hazelcast.getCluster().getClusterTime() - last);
    }
    return -1;
  }

  private void suspect(Member member, long silentMs) {
    String reason = "leader " + member.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE) + " silent for " + silentMs + " ms";
    LOG.warning(reason + ": suspecting it now, before its heartbeats time out");
    vertx.executeBlocking(() -> {
      if (hazelcast instanceof HazelcastInstanceProxy proxy && proxy.getLifecycleService().isRunning()) {
        proxy.getOriginal().node.getClusterService().suspectMember(member, reason, true);
      }
      return null;
    }).onFailure(e -> LOG.warning("could not suspect the silent leader: " + e));
  }
}
