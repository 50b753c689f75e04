package io.ticker.service.ingest;

import io.ticker.service.bus.Topic;
import io.ticker.service.NodeContext;
import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.ticker.service.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.logging.Logger;

/**
 * Runs the feed ingest (and the embedded simulator, when no feed URL is configured) exactly while
 * this node is the leader, deploying and undeploying it as {@link io.ticker.service.bus.Topic#LOCAL_LEADER} says.
 * Changes are applied one at a time, always towards the latest wish.
 */
public final class IngestSupervisor extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(IngestSupervisor.class.getName());

  private final NodeContext node;
  private boolean wanted;
  private boolean busy;
  private String simulatorId;
  private String ingestId;

  public IngestSupervisor(NodeContext node) {
    this.node = node;
  }

  @Override
  public Future<?> start() {
    Topic.LOCAL_LEADER.subscribe(vertx.eventBus(), change -> {
      wanted = change.self();
      converge();
    });
    return Future.succeededFuture();
  }

  private void converge() {
    if (busy || wanted == (ingestId != null)) {
      return;
    }
    busy = true;
    Future<?> change = wanted ? startIngest() : stopIngest();
    change.onComplete(r -> {
      busy = false;
      if (r.failed()) {
        LOG.severe("ingest " + (wanted ? "start" : "stop") + " failed: " + r.cause());
        vertx.setTimer(1000, t -> converge());
      } else {
        converge();
      }
    });
  }

  private Future<?> startIngest() {
    LOG.info("this node leads: ingesting the feed");
    return feedUrl().compose(url -> vertx.deployVerticle(new FeedIngestVerticle(node, url)))
        .onSuccess(id -> ingestId = id);
  }

  private Future<?> stopIngest() {
    LOG.info("another node leads: no longer ingesting");
    String id = ingestId;
    ingestId = null;
    String sim = simulatorId;
    simulatorId = null;
    return vertx.undeploy(id).compose(v -> sim == null ? Future.succeededFuture() : vertx.undeploy(sim));
  }

  /** The configured feed, or a simulator embedded in this process on a loopback port. */
  private Future<String> feedUrl() {
    ServiceConfig config = node.config();
    if (config.feedUrl() != null) {
      return Future.succeededFuture(config.feedUrl());
    }
    FeedServerVerticle simulator = new FeedServerVerticle(SimulatorConfig.defaults().withHost("127.0.0.1").withPort(0)
        .withRate(config.simRate()).withSymbols(config.simSymbols()).withSeed(config.simSeed()));
    return vertx.deployVerticle(simulator).map(id -> {
      simulatorId = id;
      return "ws://127.0.0.1:" + simulator.actualPort() + "/feed";
    });
  }
}
