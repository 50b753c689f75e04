package io.ticker.service;

import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.auth.AuthAudit;
import io.ticker.service.auth.TokenVerifier;
import io.ticker.service.candles.CandleBook;
import io.micrometer.core.instrument.Gauge;
import io.ticker.service.bus.Codecs;
import io.ticker.service.cluster.HazelcastSetup;
import io.ticker.service.cluster.Leadership;
import io.ticker.service.cluster.MergeRepair;
import io.ticker.service.edge.Admission;
import io.ticker.model.Tls;
import io.ticker.service.edge.TlsFiles;
import io.ticker.service.fanout.FanoutVerticle;
import io.ticker.service.http.ManagementVerticle;
import io.ticker.service.ingest.IngestSupervisor;
import io.ticker.service.relay.TickRelayVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.transport.Transport;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * One running service node: a Vert.x instance (clustered with Hazelcast when asked) with Micrometer
 * metrics; one fan-out shard per core on the HTTP port; the relay that feeds the shards; and the
 * ingest supervisor that runs the feed ingest while this node is the leader.
 */
public final class TickerNode {

  private static final Logger LOG = Logger.getLogger(TickerNode.class.getName());

  private final Vertx vertx;
  private final NodeContext context;
  private final int httpPort;
  private final Integer managementPort;
  private final EventLoopDelayProbe loopProbe;
  private final String transportName;

  private TickerNode(Vertx vertx, NodeContext context, int httpPort, Integer managementPort, EventLoopDelayProbe loopProbe,
                     String transportName) {
    this.transportName = transportName;
    this.vertx = vertx;
    this.context = context;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
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
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
            .setNettyMetricsEnabled(true) // tasks pending per event loop, pooled buffer memory
            .addLabels(Label.EB_ADDRESS));
    Transport transport = config.transport().resolve();
    VertxBuilder builder = Vertx.builder().withTransport(transport).withMetrics(new MicrometerMetricsFactory(registry));
    HazelcastClusterManager clusterManager = null;
    Future<Vertx> started;
    if (config.clustered()) {
      ServiceConfig.ClusterSettings cluster = config.cluster();
      // The bus listens on the cluster host only, never on all interfaces.
      options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host()).setPort(cluster.busPort());
      if (cluster.tls()) {
        // Mutual TLS between nodes: a process without a certificate from the cluster CA can neither
        // deliver to a node's bus nor be delivered to, even if it joins Hazelcast.
        Tls.configure(options.getEventBusOptions()).setSsl(true)
            .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cluster.tlsCertFile()).setKeyPath(cluster.tlsKeyFile()))
            .setTrustOptions(new PemTrustOptions().addCertPath(cluster.tlsCaFile()))
            .setClientAuth(ClientAuth.REQUIRED);
      }
      clusterManager = new HazelcastClusterManager(HazelcastSetup.config(config.cluster(), nodeId));
      started = builder.with(options).withClusterManager(clusterManager).buildClustered();
    } else {
      started = Future.succeededFuture(builder.with(options).build());
    }
    HazelcastClusterManager cluster = clusterManager;
    return started.compose(vertx -> {
      Logging.nodeStarted(vertx, nodeId);
      if (cluster != null) {
        MergeRepair.install(vertx, cluster);
      }
      Codecs.register(vertx.eventBus());
      Leadership leadership = cluster == null
          ? Leadership.standalone(nodeId, vertx.getOrCreateContext())
          : Leadership.clustered(nodeId, vertx.getOrCreateContext(), cluster.getHazelcastInstance(),
              config.cluster().minMembers(), config.cluster().failureTimeoutSec() * 750L);
      Admission admission = new Admission(config.maxConnections(), config.exposure().maxConnectionsPerIp(),
          config.exposure().allowedOrigins());
      TickerMetrics metrics = new TickerMetrics(registry, admission::open, config.maxConnections());
      leadership.registerMeters(registry);
      TokenVerifier verifier = TokenVerifier.create(vertx, config.auth());
      if (verifier == null) {
        LOG.warning("--auth none: every client gets every symbol; use --auth jwt to require tokens");
      }
      CandleBook candles = new CandleBook(config.candles().depths());
      Gauge.builder("ticker.candle.bytes", candles, CandleBook::bytes).strongReference(true)
          .description("Heap held by candle history (--candle-depth-*)").baseUnit("bytes").register(registry);
      NodeContext context = new NodeContext(config, metrics, registry, nodeId, leadership, admission, verifier,
          new AuthAudit(registry), candles);
      TlsFiles tls = config.exposure().tls() ? new TlsFiles(config.exposure().tlsCertFile(), config.exposure().tlsKeyFile()) : null;
      FanoutVerticle first = new FanoutVerticle(context, config.httpPort(), tls);
      ManagementVerticle management = config.exposure().managementPort() == null ? null : new ManagementVerticle(context);
      return vertx.deployVerticle(first)
          // The other shards share the first one's server (Vert.x shares by configured host:port, 0 included).
          .compose(id -> config.fanoutInstances() <= 1 ? Future.succeededFuture()
              : vertx.deployVerticle(() -> new FanoutVerticle(context, config.httpPort(), tls),
                  new DeploymentOptions().setInstances(config.fanoutInstances() - 1)))
          .onSuccess(id -> first.watchCertificates())
          .compose(id -> management == null ? Future.succeededFuture() : vertx.deployVerticle(management))
          .compose(id -> vertx.deployVerticle(new TickRelayVerticle(context)))
          .compose(id -> vertx.deployVerticle(new IngestSupervisor(context)))
          .onSuccess(id -> leadership.start())
          .map(id -> new TickerNode(vertx, context, first.actualPort(), management == null ? null : management.actualPort(),
              EventLoopDelayProbe.start(vertx, registry), transport.name()))
          .onFailure(e -> {
            Logging.nodeStopped(vertx);
            vertx.close();
          });
    });
  }

  /** The management port actually listened on, or null when /metrics and /health are on the public port. */
  public Integer managementPort() {
    return managementPort;
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

  /** The socket transport it runs on: io_uring, epoll or nio. */
  public String transportName() {
    return transportName;
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
