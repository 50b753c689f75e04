package io.ticker.service.cluster;

import io.ticker.service.bus.LeaderChange;
import io.ticker.service.bus.Topic;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import java.util.Iterator;

/**
 * Who ingests the feed: the oldest member of the cluster (standalone: this node).
 *
 * <p>Hazelcast keeps one member list, in join order, identical on every member; its head is the
 * cluster's master. Taking the head as leader needs no lock and no CP quorum: when the leader dies,
 * every survivor sees the same new list as soon as failure detection removes it, and the next
 * oldest takes over. Nothing can be left held by a dead node. (In a network split each side elects
 * its own leader, as any AP design would; Hazelcast merges the sides when they meet again and the
 * list, hence the leader, becomes one again.)
 *
 * <p>Split-brain protection: with {@code --cluster-min-members N}, a node that sees fewer than N
 * members has no leader at all ({@link LeaderChange#leader()} null): it does not ingest, and its
 * relay tells clients the feed is stale, until it sees N again.
 */
public final class Leadership {

  private final String selfId;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private final int minMembers;
  private final LeaderWatch watch;
  private volatile String leaderId;
  private volatile int members = 1;

  private Leadership(String selfId, Context context, HazelcastInstance hazelcast, int minMembers, LeaderWatch watch) {
    this.selfId = selfId;
    this.context = context;
    this.hazelcast = hazelcast;
    this.minMembers = minMembers;
    this.watch = watch;
  }

  /** A standalone node leads itself. */
  public static Leadership standalone(String selfId, Context context) {
    return new Leadership(selfId, context, null, 1, null);
  }

  /**
   * The oldest member leads, while this node sees at least {@code minMembers} members. A leader
   * silent for {@code leaderSilenceMs} is suspected at once ({@link LeaderWatch}).
   */
  public static Leadership clustered(String selfId, Context context, HazelcastInstance hazelcast, int minMembers, long leaderSilenceMs) {
    return new Leadership(selfId, context, hazelcast, minMembers, new LeaderWatch(context.owner(), hazelcast, selfId, leaderSilenceMs));
  }

  /** Announces the current leader, and every change after, on {@link io.ticker.service.bus.Topic#LOCAL_LEADER}. */
  public void start() {
    if (hazelcast != null) {
      hazelcast.getCluster().addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
          context.runOnContext(v -> elect());
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          context.runOnContext(v -> elect());
        }
      });
    }
    context.runOnContext(v -> {
      if (watch != null) {
        watch.start();
      }
      elect();
    });
  }

  private void elect() {
    String leader = selfId;
    Member head = null;
    if (hazelcast != null && hazelcast.getLifecycleService().isRunning()) {
      Iterator<Member> list = hazelcast.getCluster().getMembers().iterator();
      members = hazelcast.getCluster().getMembers().size();
      head = list.hasNext() ? list.next() : null;
      String oldest = head != null ? head.getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE) : null;
      leader = oldest != null ? oldest : selfId;
    }
    leaderId = quorate() ? leader : null;
    if (watch != null) {
      watch.follow(leaderId != null ? head : null, isLeader());
    }
    Topic.LOCAL_LEADER.publish(context.owner().eventBus(), new LeaderChange(leaderId, isLeader(), members));
  }

  public boolean isLeader() {
    return selfId.equals(leaderId);
  }

  /** The leader's node id; null while this node sees fewer than {@link #minMembers()} members. */
  public String leaderId() {
    return leaderId;
  }

  /** Whether this node sees enough members to have a leader at all. */
  public boolean quorate() {
    return members >= minMembers;
  }

  public int minMembers() {
    return minMembers;
  }

  public int members() {
    return members;
  }

  public boolean clustered() {
    return hazelcast != null;
  }

  public void registerMeters(MeterRegistry registry) {
    Gauge.builder("ticker.cluster.members", this, Leadership::members).description("Members of the cluster this node sees (1 standalone)").register(registry);
    Gauge.builder("ticker.cluster.leader", this, l -> l.isLeader() ? 1 : 0).description("1 on the node that ingests the feed").register(registry);
  }
}
