package io.ticker.service.cluster;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.multimap.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastRegistrationInfo;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts this node's event-bus presence back after a split heals (a healed partition, a thawed
 * leader): its node info (where its bus listens, which replies and publishes need) and its
 * registrations, on every node, the merged one and those it merged into. While apart, each side
 * dropped the other's with the members; at the merge Hazelcast keeps, per key, the bigger side's
 * entries only (put-if-absent); and the merged node, at its MERGED event, drops the registrations
 * of every node it has not yet seen come back (Vert.x's {@code HazelcastClusterManager} compares
 * the member list of that instant with its own), which can be the leader's: then nobody, not even
 * the leader itself, finds its {@code ticker.sync} or its relay (seen in NetLabPartitionIT: "No
 * handlers for address ticker.sync" from the merged node for as long as the test ran). Vert.x puts
 * a node's own back only when it sees a member leave, and does not expose that step, so it is run
 * here by reflection on each merge and each member that joins, 0.5, 3 and 10 s later (putting what
 * is there already changes nothing).
 */
public final class MergeRepair {

  private static final Logger LOG = Logger.getLogger(MergeRepair.class.getName());
  private static final long[] DELAYS_MS = {500, 3000, 10000};

  private MergeRepair() {
  }

  public static void install(Vertx vertx, HazelcastClusterManager manager) {
    manager.getHazelcastInstance().getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        putBackSoon(vertx, manager, "merged into the cluster");
      }
    });
    manager.getHazelcastInstance().getCluster().addMembershipListener(new MembershipAdapter() {
      @Override
      public void memberAdded(MembershipEvent event) {
        putBackSoon(vertx, manager, "a member joined");
      }
    });
  }

  private static void putBackSoon(Vertx vertx, HazelcastClusterManager manager, String why) {
    for (long delay : DELAYS_MS) {
      vertx.setTimer(delay, t -> vertx.executeBlocking(() -> putBack(manager, why))
          .onFailure(e -> LOG.warning("could not put this node's event-bus registrations back (" + why + "): " + e)));
    }
  }

  /**
   * What Vert.x does for a node's own at MERGED (node info and registrations put back), then two
   * things it never does: drop this node's ghosts (registrations the split-off side kept for it that
   * it no longer has, such as the ingest's {@code ticker.sync} of a node that led its side), and
   * make this node's address cache read the map again: it is only told of changes, and a put of
   * what is there already is none, so a cache filled mid-merge (say, with only this node's ghost:
   * "No handlers for address ticker.sync") would stay so.
   */
  @SuppressWarnings("unchecked")
  private static Void putBack(HazelcastClusterManager manager, String why) throws ReflectiveOperationException {
    Method membersRemoved = HazelcastClusterManager.class.getDeclaredMethod("membersRemoved", Set.class);
    membersRemoved.setAccessible(true);
    membersRemoved.invoke(manager, Set.of());
    Object helper = field(manager, "subsMapHelper");
    MultiMap<String, HazelcastRegistrationInfo> subs = (MultiMap<String, HazelcastRegistrationInfo>) field(helper, "map");
    Map<String, Set<RegistrationInfo>> own = (Map<String, Set<RegistrationInfo>>) field(helper, "ownSubs");
    String self = manager.getNodeId();
    int ghosts = 0;
    for (Map.Entry<String, HazelcastRegistrationInfo> entry : subs.entrySet()) {
      RegistrationInfo registration = entry.getValue().unwrap();
      Set<RegistrationInfo> mine = own.get(entry.getKey());
      if (self.equals(registration.nodeId()) && (mine == null || !mine.contains(registration))) {
        subs.remove(entry.getKey(), entry.getValue());
        ghosts++;
      }
    }
    Method reread = helper.getClass().getDeclaredMethod("fireRegistrationUpdateEvent", String.class);
    reread.setAccessible(true);
    for (String address : subs.keySet()) {
      reread.invoke(helper, address);
    }
    LOG.log(why.startsWith("merged") || ghosts > 0 ? Level.INFO : Level.FINE,
        why + ": this node's node info and event-bus registrations are published again" + (ghosts > 0 ? ", " + ghosts + " ghosts of it removed" : ""));
    return null;
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }
}
