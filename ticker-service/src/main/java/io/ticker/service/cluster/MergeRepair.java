package io.ticker.service.cluster;

import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.reflect.Method;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Puts this node's event-bus presence back after it merged into the other side of a split (a
 * healed partition, a thawed leader): its node info (where its bus listens, which replies and
 * publishes need) and its registrations. While apart, the other side dropped both with the member;
 * at the merge Hazelcast keeps, per key, the bigger side's entries only (put-if-absent), so without
 * them the node would never again receive the leader's ticks, nor the answers to its own requests
 * (seen in NetLabPartitionIT). Vert.x's cluster manager puts both again once, at the MERGED event
 * ({@code HazelcastClusterManager.membersRemoved} of nobody), which can run before the merge has
 * settled; it does not expose that step, so it is run here again by reflection, shortly after the
 * merge and twice more later (putting what is there already changes nothing).
 */
public final class MergeRepair {

  private static final Logger LOG = Logger.getLogger(MergeRepair.class.getName());
  private static final long[] DELAYS_MS = {500, 3000, 10000};

  private MergeRepair() {
  }

  public static void install(Vertx vertx, HazelcastClusterManager manager) {
    manager.getHazelcastInstance().getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        for (long delay : DELAYS_MS) {
          vertx.setTimer(delay, t -> vertx.executeBlocking(() -> republish(manager))
              .onFailure(e -> LOG.warning("could not republish this node's event-bus registrations after the merge: " + e)));
        }
      }
    });
  }

  private static Void republish(HazelcastClusterManager manager) throws ReflectiveOperationException {
    Method putBack = HazelcastClusterManager.class.getDeclaredMethod("membersRemoved", Set.class);
    putBack.setAccessible(true);
    putBack.invoke(manager, Set.of());
    LOG.info("merged into the cluster: this node's node info and event-bus registrations are published again");
    return null;
  }
}
