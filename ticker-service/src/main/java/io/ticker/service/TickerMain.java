package io.ticker.service;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code java -jar ticker-service.jar [options]}: every option is also an environment variable. */
@Command(name = "ticker-service", mixinStandardHelpOptions = true, version = "ticker-service 1.0",
    sortOptions = false, showDefaultValues = true,
    description = "Streams coalesced market data to WebSocket clients (ws://HOST:PORT/ws, dashboard at /).%n"
        + "Every option can be set by the environment variable shown in brackets.")
public final class TickerMain implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--http-host", defaultValue = "${env:TICKER_HTTP_HOST:-0.0.0.0}", description = "Interface to listen on [TICKER_HTTP_HOST].")
  String httpHost;
  @Option(names = "--http-port", defaultValue = "${env:TICKER_HTTP_PORT:-8080}", description = "HTTP and WebSocket port; 0 picks one [TICKER_HTTP_PORT].")
  int httpPort;
  @Option(names = "--node-id", defaultValue = "${env:TICKER_NODE_ID}", description = "Node id shown to clients; random when unset [TICKER_NODE_ID].")
  String nodeId;
  @Option(names = "--fanout-instances", defaultValue = "${env:TICKER_FANOUT_INSTANCES:-0}", description = "Fan-out shards (event loops); 0 = one per core [TICKER_FANOUT_INSTANCES].")
  int fanoutInstances;
  @Option(names = "--feed-url", defaultValue = "${env:TICKER_FEED_URL}", description = "Upstream feed, e.g. ws://127.0.0.1:9090/feed; unset = embedded simulator [TICKER_FEED_URL].")
  String feedUrl;
  @Option(names = "--sim-rate", defaultValue = "${env:TICKER_SIM_RATE:-2000}", description = "Embedded simulator: total ticks/s [TICKER_SIM_RATE].")
  int simRate;
  @Option(names = "--sim-symbols", defaultValue = "${env:TICKER_SIM_SYMBOLS:-50}", description = "Embedded simulator: universe size [TICKER_SIM_SYMBOLS].")
  int simSymbols;
  @Option(names = "--sim-seed", defaultValue = "${env:TICKER_SIM_SEED}", description = "Embedded simulator: random seed; random when unset [TICKER_SIM_SEED].")
  Long simSeed;
  @Option(names = "--default-interval-ms", defaultValue = "${env:TICKER_DEFAULT_INTERVAL_MS:-250}", description = "Update interval when a subscribe gives none, 50..10000 [TICKER_DEFAULT_INTERVAL_MS].")
  int defaultIntervalMs;
  @Option(names = "--max-frame-bytes", defaultValue = "${env:TICKER_MAX_FRAME_BYTES:-65536}", description = "Largest client frame; larger closes with 1009 [TICKER_MAX_FRAME_BYTES].")
  int maxFrameBytes;
  @Option(names = "--max-symbols-per-conn", defaultValue = "${env:TICKER_MAX_SYMBOLS_PER_CONN:-2000}", description = "Explicit symbols per connection (\"*\" is always allowed) [TICKER_MAX_SYMBOLS_PER_CONN].")
  int maxSymbolsPerConn;
  @Option(names = "--max-ops-per-sec", defaultValue = "${env:TICKER_MAX_OPS_PER_SEC:-20}", description = "Client operations per second per connection [TICKER_MAX_OPS_PER_SEC].")
  int maxOpsPerSec;
  @Option(names = "--max-connections", defaultValue = "${env:TICKER_MAX_CONNECTIONS:-15000}", description = "Client connections per node; more are refused with HTTP 503 [TICKER_MAX_CONNECTIONS].")
  int maxConnections;
  @Option(names = "--slow-consumer-grace-ms", defaultValue = "${env:TICKER_SLOW_CONSUMER_GRACE_MS:-10000}", description = "How long a client may not keep up before close 1013 [TICKER_SLOW_CONSUMER_GRACE_MS].")
  int slowConsumerGraceMs;
  @Option(names = "--write-queue-bytes", defaultValue = "${env:TICKER_WRITE_QUEUE_BYTES:-262144}", description = "Per-connection write queue; full = the client is behind [TICKER_WRITE_QUEUE_BYTES].")
  int writeQueueBytes;
  @Option(names = "--send-buffer-bytes", defaultValue = "${env:TICKER_SEND_BUFFER_BYTES:-262144}",
      description = "Kernel send buffer per client socket (SO_SNDBUF). Small enough that a client that cannot keep up fills it soon, "
          + "so the server starts conflating instead of letting the kernel queue stale frames [TICKER_SEND_BUFFER_BYTES].")
  int sendBufferBytes;
  @Option(names = "--ping-interval-ms", defaultValue = "${env:TICKER_PING_INTERVAL_MS:-15000}", description = "Server pings every connection this often [TICKER_PING_INTERVAL_MS].")
  int pingIntervalMs;
  @Option(names = "--lag-probe-ms", defaultValue = "${env:TICKER_LAG_PROBE_MS:-5000}",
      description = "Also ping this often to see whether a client still reads: one that leaves a ping unanswered for a second "
          + "is sent no more frames (conflated) until it answers, and is closed with 1013 after the slow-consumer grace. "
          + "0 = only the keep-alive pings [TICKER_LAG_PROBE_MS].")
  int lagProbeMs;
  @Option(names = "--idle-timeout-ms", defaultValue = "${env:TICKER_IDLE_TIMEOUT_MS:-45000}", description = "Close connections silent this long [TICKER_IDLE_TIMEOUT_MS].")
  int idleTimeoutMs;
  @Option(names = "--feed-stale-ms", defaultValue = "${env:TICKER_FEED_STALE_MS:-5000}", description = "Feed silent this long is stale and reconnected [TICKER_FEED_STALE_MS].")
  int feedStaleMs;
  @Option(names = "--feed-reconnect-max-ms", defaultValue = "${env:TICKER_FEED_RECONNECT_MAX_MS:-5000}", description = "Longest wait between feed reconnects [TICKER_FEED_RECONNECT_MAX_MS].")
  int feedReconnectMaxMs;

  @Option(names = "--cluster", defaultValue = "${env:TICKER_CLUSTER:-false}", description = "Join a Hazelcast cluster [TICKER_CLUSTER].")
  boolean cluster;
  @Option(names = "--cluster-name", defaultValue = "${env:TICKER_CLUSTER_NAME:-ticker}", description = "Cluster name; nodes only join their own [TICKER_CLUSTER_NAME].")
  String clusterName;
  @Option(names = "--cluster-host", defaultValue = "${env:TICKER_CLUSTER_HOST:-127.0.0.1}", description = "Address this node's cluster and event-bus traffic uses [TICKER_CLUSTER_HOST].")
  String clusterHost;
  @Option(names = "--cluster-port", defaultValue = "${env:TICKER_CLUSTER_PORT:-5701}", description = "Hazelcast port (the next free one is taken if busy) [TICKER_CLUSTER_PORT].")
  int clusterPort;
  @Option(names = "--cluster-members", split = ",", defaultValue = "${env:TICKER_CLUSTER_MEMBERS:-127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703}",
      description = "Members to join by TCP/IP, host:port,... [TICKER_CLUSTER_MEMBERS].")
  java.util.List<String> clusterMembers;
  @Option(names = "--cluster-kubernetes-service", defaultValue = "${env:TICKER_CLUSTER_KUBERNETES_SERVICE}",
      description = "Discover members through this Kubernetes headless service (DNS) instead of --cluster-members [TICKER_CLUSTER_KUBERNETES_SERVICE].")
  String clusterKubernetesService;
  @Option(names = "--cluster-failure-timeout", defaultValue = "${env:TICKER_CLUSTER_FAILURE_TIMEOUT:-2}",
      description = "Seconds without heartbeats before a member is declared dead (and the feed taken over) [TICKER_CLUSTER_FAILURE_TIMEOUT].")
  int clusterFailureTimeoutSec;
  @Option(names = "--log-format", defaultValue = "${env:TICKER_LOG_FORMAT:-text}", description = "Log lines as readable text, or json: one JSON object per line [TICKER_LOG_FORMAT].")
  String logFormat;

  private ServiceConfig parsed;

  public static void main(String[] args) {
    Logging.configure();
    TickerMain main = new TickerMain();
    int code = commandLine(main).execute(args);
    if (code != 0 || main.parsed == null) {
      System.exit(code); // help, version or a bad option; otherwise Vert.x threads keep the JVM up
    }
  }

  /** Runs the command line without exiting the JVM: the exit code (help and bad options never start a node). */
  static int execute(String... args) {
    return commandLine(new TickerMain()).execute(args);
  }

  /** Parses and validates flags (and environment) into a config; throws ParameterException with a one-line reason. */
  public static ServiceConfig parse(String... args) {
    TickerMain main = new TickerMain();
    commandLine(main).parseArgs(args);
    return main.toConfig();
  }

  private static CommandLine commandLine(TickerMain main) {
    return new CommandLine(main).setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("ticker-service: " + e.getMessage() + " (try --help)");
      return 2;
    });
  }

  @Override
  public Integer call() throws Exception {
    ServiceConfig config = toConfig();
    TickerNode node = TickerNode.start(config).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    parsed = config;
    System.out.printf("ticker-service node %s on http://%s:%d/ (WebSocket /ws), feed %s, %s transport%s%n", node.nodeId(),
        config.httpHost(), node.httpPort(), config.feedUrl() == null ? "embedded simulator" : config.feedUrl(),
        node.vertx().isNativeTransportEnabled() ? "epoll" : "NIO", config.clustered() ? ", clustered" : "");
    // SIGTERM: clients get close 1001, the feed and the cluster are left, then exit 0 (not 143).
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CountDownLatch stopped = new CountDownLatch(1);
      node.stop().onComplete(r -> stopped.countDown());
      try {
        stopped.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Runtime.getRuntime().halt(0);
    }, "ticker-shutdown"));
    return 0;
  }

  private ServiceConfig toConfig() {
    check(httpPort >= 0 && httpPort <= 65535, "--http-port must be 0..65535");
    check(fanoutInstances >= 0 && fanoutInstances <= 256, "--fanout-instances must be 0..256");
    check(feedUrl == null || feedUrl.startsWith("ws://") || feedUrl.startsWith("wss://"), "--feed-url must be a ws:// or wss:// URL");
    check(simRate >= 1 && simRate <= 1_000_000, "--sim-rate must be 1..1000000");
    check(simSymbols >= 1 && simSymbols <= 100_000, "--sim-symbols must be 1..100000");
    check(io.ticker.model.protocol.Limits.validInterval(defaultIntervalMs), "--default-interval-ms must be 50..10000");
    check(maxFrameBytes >= 1024, "--max-frame-bytes must be at least 1024");
    check(maxSymbolsPerConn >= 1, "--max-symbols-per-conn must be at least 1");
    check(maxOpsPerSec >= 1, "--max-ops-per-sec must be at least 1");
    check(maxConnections >= 1, "--max-connections must be at least 1");
    check(slowConsumerGraceMs >= 0, "--slow-consumer-grace-ms must be >= 0");
    check(writeQueueBytes >= 1024, "--write-queue-bytes must be at least 1024");
    check(sendBufferBytes >= 4096, "--send-buffer-bytes must be at least 4096");
    check(pingIntervalMs >= 10, "--ping-interval-ms must be at least 10");
    check(lagProbeMs == 0 || lagProbeMs >= 100, "--lag-probe-ms must be 0 (off) or at least 100");
    check(idleTimeoutMs > pingIntervalMs, "--idle-timeout-ms must be more than --ping-interval-ms");
    check(feedStaleMs >= 100, "--feed-stale-ms must be at least 100");
    check(feedReconnectMaxMs >= 100, "--feed-reconnect-max-ms must be at least 100");
    check(clusterPort >= 1 && clusterPort <= 65535, "--cluster-port must be 1..65535");
    check(clusterFailureTimeoutSec >= 1 && clusterFailureTimeoutSec <= 300, "--cluster-failure-timeout must be 1..300 seconds");
    check(LogFormat.parse(logFormat) != null, "--log-format must be text or json");
    for (String member : clusterMembers) {
      check(member.matches("[^:\\s]+(:\\d{1,5})?"), "--cluster-members must be host:port,... (got '" + member + "')");
    }
    ServiceConfig.ClusterSettings clusterSettings = !cluster ? null : new ServiceConfig.ClusterSettings(
        clusterName, clusterHost, clusterPort, java.util.List.copyOf(clusterMembers), clusterKubernetesService, clusterFailureTimeoutSec);
    int instances = fanoutInstances == 0 ? Runtime.getRuntime().availableProcessors() : fanoutInstances;
    return new ServiceConfig(httpHost, httpPort, nodeId, instances, feedUrl, simRate, simSymbols, simSeed,
        defaultIntervalMs, maxFrameBytes, maxSymbolsPerConn, maxOpsPerSec, maxConnections, slowConsumerGraceMs,
        writeQueueBytes, sendBufferBytes, pingIntervalMs, lagProbeMs, idleTimeoutMs, feedStaleMs, feedReconnectMaxMs, clusterSettings,
        LogFormat.parse(logFormat));
  }

  private void check(boolean ok, String reason) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), reason);
    }
  }
}
