package io.ticker.service;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.bus.SyncReply;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickBatchCodec;
import io.ticker.service.fanout.FanoutVerticle;
import io.ticker.service.ingest.FeedIngestVerticle;
import io.ticker.sim.FeedServerVerticle;
import io.ticker.sim.SimulatorConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;

/**
 * One running service node: a Vert.x instance with Micrometer metrics, the feed ingest (and the
 * embedded simulator when no feed URL is given) and one fan-out shard per core on the HTTP port.
 */
public final class TickerNode {

  private final Vertx vertx;
  private final NodeContext context;
  private final int httpPort;

  private TickerNode(Vertx vertx, NodeContext context, int httpPort) {
    this.vertx = vertx;
    this.context = context;
    this.httpPort = httpPort;
  }

  public static Future<TickerNode> start(ServiceConfig config) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    vertx.eventBus().registerDefaultCodec(TickBatch.class, new TickBatchCodec());
    vertx.eventBus().registerDefaultCodec(SyncReply.class, new SyncReply.Codec());
    String nodeId = config.nodeId() != null ? config.nodeId() : UUID.randomUUID().toString().substring(0, 8);
    NodeContext context = new NodeContext(config, new TickerMetrics(registry), registry, nodeId);

    FanoutVerticle first = new FanoutVerticle(context, config.httpPort());
    return vertx.deployVerticle(first)
        // The other shards share the first one's server (Vert.x shares by configured host:port, 0 included).
        .compose(id -> config.fanoutInstances() <= 1 ? Future.succeededFuture()
            : vertx.deployVerticle(() -> new FanoutVerticle(context, config.httpPort()),
                new DeploymentOptions().setInstances(config.fanoutInstances() - 1)))
        .compose(id -> feedUrl(vertx, config))
        .compose(url -> vertx.deployVerticle(new FeedIngestVerticle(context, url)))
        .map(id -> new TickerNode(vertx, context, first.actualPort()))
        .onFailure(e -> vertx.close());
  }

  /** The configured feed, or a simulator embedded in this process on a loopback port. */
  private static Future<String> feedUrl(Vertx vertx, ServiceConfig config) {
    if (config.feedUrl() != null) {
      return Future.succeededFuture(config.feedUrl());
    }
    FeedServerVerticle simulator = new FeedServerVerticle(simulatorConfig(config));
    return vertx.deployVerticle(simulator).map(id -> "ws://127.0.0.1:" + simulator.actualPort() + "/feed");
  }

  private static SimulatorConfig simulatorConfig(ServiceConfig c) {
    SimulatorConfig defaults = SimulatorConfig.defaults();
    return new SimulatorConfig("127.0.0.1", 0, c.simRate(), c.simSymbols(), c.simSeed(),
        defaults.batchMs(), defaults.burstEverySec(), defaults.burstFactor(), defaults.burstMs());
  }

  public int httpPort() {
    return httpPort;
  }

  public String nodeId() {
    return context.nodeId();
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Graceful stop: clients get close 1001, the feed is released, then Vert.x closes. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
