package io.ticker.service;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickBatchCodec;
import io.ticker.service.cluster.HazelcastSetup;
import io.ticker.service.cluster.Leadership;
import io.ticker.service.fanout.FanoutVerticle;
import io.ticker.service.ingest.IngestSupervisor;
import io.ticker.service.relay.TickRelayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;

/**
 * One running service node: a Vert.x instance (clustered with Hazelcast when asked) with Micrometer
 * metrics; one fan-out shard per core on the HTTP port; the relay that feeds the shards; and the
 * ingest supervisor that runs the feed ingest while this node is the leader.
 */
public final class TickerNode {

  private final Vertx vertx;
  private final NodeContext context;
  private final int httpPort;
  private final EventLoopDelayProbe loopProbe;

  private TickerNode(Vertx vertx, NodeContext context, int httpPort, EventLoopDelayProbe loopProbe) {
    this.vertx = vertx;
    this.context = context;
    this.httpPort = httpPort;
    this.loopProbe = loopProbe;
  }

  public static Future<TickerNode> start(ServiceConfig config) {
    String nodeId = config.nodeId() != null ? config.nodeId() : UUID.randomUUID().toString().substring(0, 8);
    Logging.configure(config.logFormat(), nodeId);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Event-bus meters per address, for the service's own addresses only (reply addresses are one per request).
    registry.config().meterFilter(MeterFilter.deny(id -> id.getName().startsWith("vertx.eventbus.")
        && id.getTag("address") != null && !id.getTag("address").startsWith("ticker.")));
    VertxOptions options = new VertxOptions()
        .setPreferNativeTransport(true) // epoll on Linux; NIO elsewhere
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .setNettyMetricsEnabled(true) // tasks pending per event loop, pooled buffer memory
            .addLabels(Label.EB_ADDRESS));
    VertxBuilder builder = Vertx.builder().withMetrics(new MicrometerMetricsFactory(registry));
    HazelcastClusterManager clusterManager = null;
    Future<Vertx> started;
    if (config.clustered()) {
      options.getEventBusOptions().setHost(config.cluster().host()).setClusterPublicHost(config.cluster().host()).setPort(0);
      clusterManager = new HazelcastClusterManager(HazelcastSetup.config(config.cluster(), nodeId));
      started = builder.with(options).withClusterManager(clusterManager).buildClustered();
    } else {
      started = Future.succeededFuture(builder.with(options).build());
    }
    HazelcastClusterManager cluster = clusterManager;
    return started.compose(vertx -> {
      Logging.nodeStarted(vertx, nodeId);
      vertx.eventBus().registerDefaultCodec(TickBatch.class, new TickBatchCodec());
      vertx.eventBus().registerDefaultCodec(SyncReply.class, new SyncReply.Codec());
      Leadership leadership = cluster == null
          ? Leadership.standalone(nodeId, vertx.getOrCreateContext())
          : Leadership.clustered(nodeId, vertx.getOrCreateContext(), cluster.getHazelcastInstance());
      TickerMetrics metrics = new TickerMetrics(registry, config.maxConnections());
      leadership.registerMeters(registry);
      NodeContext context = new NodeContext(config, metrics, registry, nodeId, leadership);
      FanoutVerticle first = new FanoutVerticle(context, config.httpPort());
      return vertx.deployVerticle(first)
          // The other shards share the first one's server (Vert.x shares by configured host:port, 0 included).
          .compose(id -> config.fanoutInstances() <= 1 ? Future.succeededFuture()
              : vertx.deployVerticle(() -> new FanoutVerticle(context, config.httpPort()),
                  new DeploymentOptions().setInstances(config.fanoutInstances() - 1)))
          .compose(id -> vertx.deployVerticle(new TickRelayVerticle(context)))
          .compose(id -> vertx.deployVerticle(new IngestSupervisor(context)))
          .onSuccess(id -> leadership.start())
          .map(id -> new TickerNode(vertx, context, first.actualPort(), EventLoopDelayProbe.start(vertx, registry)))
          .onFailure(e -> {
            Logging.nodeStopped(vertx);
            vertx.close();
          });
    });
  }

  public int httpPort() {
    return httpPort;
  }

  public String nodeId() {
    return context.nodeId();
  }

  public boolean isLeader() {
    return context.leadership().isLeader();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Graceful stop: clients get close 1001, the feed is released, the cluster is left, Vert.x closes. */
  public Future<Void> stop() {
    loopProbe.stop();
    return vertx.close().onComplete(r -> Logging.nodeStopped(vertx));
  }
}
