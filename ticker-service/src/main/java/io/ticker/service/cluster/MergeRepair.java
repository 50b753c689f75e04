package io.ticker.service.cluster;

import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Logger;

/**
 * Puts this node's event-bus registrations back after it merged into the other side of a split
 * (a healed partition, a thawed leader). While apart, the other side dropped them with the member;
 * at the merge Hazelcast keeps, per address, the bigger side's registrations only (put-if-absent),
 * so without this the node would never again receive the leader's ticks (seen in NetLabPartitionIT).
 * Vert.x's cluster manager can put them again ({@code SubsMapHelper.republishOwnSubs}) but does not
 * on every merge, and does not expose it: it is called here by reflection, shortly after the merge
 * and once more a little later (a put of a registration that is there already changes nothing).
 */
public final class MergeRepair {

  private static final Logger LOG = Logger.getLogger(MergeRepair.class.getName());
  private static final long[] DELAYS_MS = {500, 3000};

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
    Field helperField = HazelcastClusterManager.class.getDeclaredField("subsMapHelper");
    helperField.setAccessible(true);
    Object helper = helperField.get(manager);
    Method republish = helper.getClass().getMethod("republishOwnSubs");
    republish.invoke(helper);
    LOG.info("merged into the cluster: this node's event-bus registrations are published again");
    return null;
  }
}
