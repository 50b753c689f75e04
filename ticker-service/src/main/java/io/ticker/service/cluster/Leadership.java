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
 */
public final class Leadership {

  private final String selfId;
  private final Context context;
  private final HazelcastInstance hazelcast;
  private volatile String leaderId;
  private volatile int members = 1;

  private Leadership(String selfId, Context context, HazelcastInstance hazelcast) {
    this.selfId = selfId;
    this.context = context;
    this.hazelcast = hazelcast;
  }

  /** A standalone node leads itself. */
  public static Leadership standalone(String selfId, Context context) {
    return new Leadership(selfId, context, null);
  }

  public static Leadership clustered(String selfId, Context context, HazelcastInstance hazelcast) {
    return new Leadership(selfId, context, hazelcast);
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
    context.runOnContext(v -> elect());
  }

  private void elect() {
    String leader = selfId;
    if (hazelcast != null && hazelcast.getLifecycleService().isRunning()) {
      Iterator<Member> list = hazelcast.getCluster().getMembers().iterator();
      members = hazelcast.getCluster().getMembers().size();
      String oldest = list.hasNext() ? list.next().getAttribute(HazelcastSetup.NODE_ID_ATTRIBUTE) : null;
      leader = oldest != null ? oldest : selfId;
    }
    leaderId = leader;
    Topic.LOCAL_LEADER.publish(context.owner().eventBus(), new LeaderChange(leader, isLeader(), members));
  }

  public boolean isLeader() {
    return selfId.equals(leaderId);
  }

  public String leaderId() {
    return leaderId;
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
