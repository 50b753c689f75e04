package io.ticker.service;

import io.ticker.model.NetworkTransport;
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
    subcommands = io.ticker.service.auth.TokenCommand.class,
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

  @Option(names = "--feed-ca-file", defaultValue = "${env:TICKER_FEED_CA_FILE}", description = "PEM CA certificates to trust for a wss:// feed (default: the JVM's) [TICKER_FEED_CA_FILE].")
  String feedCaFile;

  @Option(names = "--auth", defaultValue = "${env:TICKER_AUTH:-none}", description = "none (anyone gets data) or jwt (a token is required) [TICKER_AUTH].")
  String auth;
  @Option(names = "--jwt-secret-file", defaultValue = "${env:TICKER_JWT_SECRET_FILE}", description = "HS256 key: the file's trimmed text, at least 32 bytes [TICKER_JWT_SECRET_FILE].")
  String jwtSecretFile;
  @Option(names = "--jwt-public-key-file", defaultValue = "${env:TICKER_JWT_PUBLIC_KEY_FILE}", description = "RS256/ES256 public key, PEM (the algorithm follows the key) [TICKER_JWT_PUBLIC_KEY_FILE].")
  String jwtPublicKeyFile;
  @Option(names = "--jwt-issuer", defaultValue = "${env:TICKER_JWT_ISSUER}", description = "Required iss claim, when set [TICKER_JWT_ISSUER].")
  String jwtIssuer;
  @Option(names = "--jwt-audience", defaultValue = "${env:TICKER_JWT_AUDIENCE}", description = "Required aud claim, when set [TICKER_JWT_AUDIENCE].")
  String jwtAudience;
  @Option(names = "--auth-timeout-ms", defaultValue = "${env:TICKER_AUTH_TIMEOUT_MS:-5000}", description = "A WebSocket without a valid token this long is closed with 1008 [TICKER_AUTH_TIMEOUT_MS].")
  int authTimeoutMs;
  @Option(names = "--auth-expired-grace-ms", defaultValue = "${env:TICKER_AUTH_EXPIRED_GRACE_MS:-30000}", description = "After a token expires, how long a fresh auth may come before close 1008 [TICKER_AUTH_EXPIRED_GRACE_MS].")
  int authExpiredGraceMs;

  @Option(names = "--tls-cert-file", defaultValue = "${env:TICKER_TLS_CERT_FILE}", description = "PEM certificate chain: HTTPS and WSS on the HTTP port [TICKER_TLS_CERT_FILE].")
  String tlsCertFile;
  @Option(names = "--tls-key-file", defaultValue = "${env:TICKER_TLS_KEY_FILE}", description = "PEM private key of --tls-cert-file [TICKER_TLS_KEY_FILE].")
  String tlsKeyFile;
  @Option(names = "--tls-reload-ms", defaultValue = "${env:TICKER_TLS_RELOAD_MS:-10000}", description = "How often the TLS files are checked for change (rotation without restart) [TICKER_TLS_RELOAD_MS].")
  int tlsReloadMs;
  @Option(names = "--allowed-origins", split = ",", defaultValue = "${env:TICKER_ALLOWED_ORIGINS}", description = "WebSocket upgrades with another Origin get 403; unset = any origin [TICKER_ALLOWED_ORIGINS].")
  java.util.List<String> allowedOrigins;
  @Option(names = "--max-connections-per-ip", defaultValue = "${env:TICKER_MAX_CONNECTIONS_PER_IP:-0}", description = "WebSocket connections per client address; more get 429; 0 = no limit [TICKER_MAX_CONNECTIONS_PER_IP].")
  int maxConnectionsPerIp;
  @Option(names = "--http-request-timeout-ms", defaultValue = "${env:TICKER_HTTP_REQUEST_TIMEOUT_MS:-10000}", description = "A connection that has not sent a complete request this long is closed (slowloris) [TICKER_HTTP_REQUEST_TIMEOUT_MS].")
  int httpRequestTimeoutMs;
  @Option(names = "--max-request-line-bytes", defaultValue = "${env:TICKER_MAX_REQUEST_LINE_BYTES:-4096}", description = "Longest HTTP request line; longer gets 414 [TICKER_MAX_REQUEST_LINE_BYTES].")
  int maxRequestLineBytes;
  @Option(names = "--max-header-bytes", defaultValue = "${env:TICKER_MAX_HEADER_BYTES:-8192}", description = "Largest HTTP header block; larger gets 431 [TICKER_MAX_HEADER_BYTES].")
  int maxHeaderBytes;
  @Option(names = "--management-port", defaultValue = "${env:TICKER_MANAGEMENT_PORT}", description = "Serve /metrics and /health/* on this port instead of the public one; 0 picks one [TICKER_MANAGEMENT_PORT].")
  Integer managementPort;
  @picocli.CommandLine.Mixin
  CandleOptions candleOptions = new CandleOptions();

  @Option(names = "--management-host", defaultValue = "${env:TICKER_MANAGEMENT_HOST:-127.0.0.1}", description = "Interface of the management port [TICKER_MANAGEMENT_HOST].")
  String managementHost;

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
      description = "Seconds of silence before the leader is replaced (it is suspected after 3/4 of it without its beat, "
          + "every 100 ms); other members are declared dead after twice this, at least 5 s, without heartbeats "
          + "[TICKER_CLUSTER_FAILURE_TIMEOUT].")
  int clusterFailureTimeoutSec;
  @Option(names = "--cluster-min-members", defaultValue = "${env:TICKER_CLUSTER_MIN_MEMBERS:-1}",
      description = "Split-brain protection: seeing fewer members, a node neither ingests nor reports ready, and its clients get status stale [TICKER_CLUSTER_MIN_MEMBERS].")
  int clusterMinMembers;
  @Option(names = "--cluster-bus-port", defaultValue = "${env:TICKER_CLUSTER_BUS_PORT:-0}", description = "Event-bus port between nodes; 0 picks one [TICKER_CLUSTER_BUS_PORT].")
  int clusterBusPort;
  @Option(names = "--cluster-tls-cert-file", defaultValue = "${env:TICKER_CLUSTER_TLS_CERT_FILE}", description = "PEM certificate of this node for event-bus mutual TLS [TICKER_CLUSTER_TLS_CERT_FILE].")
  String clusterTlsCertFile;
  @Option(names = "--cluster-tls-key-file", defaultValue = "${env:TICKER_CLUSTER_TLS_KEY_FILE}", description = "PEM private key of --cluster-tls-cert-file [TICKER_CLUSTER_TLS_KEY_FILE].")
  String clusterTlsKeyFile;
  @Option(names = "--cluster-tls-ca-file", defaultValue = "${env:TICKER_CLUSTER_TLS_CA_FILE}", description = "PEM CA that signs every node's certificate; peers without one are refused [TICKER_CLUSTER_TLS_CA_FILE].")
  String clusterTlsCaFile;
  @Option(names = "--transport", defaultValue = "${env:TICKER_TRANSPORT:-auto}",
      description = "Socket transport: auto (epoll, else io_uring, else NIO), io_uring, epoll or nio [TICKER_TRANSPORT].")
  String transport;
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
    boolean tls = config.exposure().tls();
    System.out.printf("ticker-service node %s on %s://%s:%d/ (WebSocket /ws), feed %s, %s transport%s, auth %s%s%s%n", node.nodeId(),
        tls ? "https" : "http", config.httpHost(), node.httpPort(), config.feedUrl() == null ? "embedded simulator" : config.feedUrl(),
        node.transportName(), config.clustered() ? ", clustered" : "", config.auth().mode(),
        tls || (config.clustered() && config.cluster().tls()) ? ", TLS engine " + io.ticker.model.Tls.engineName() : "",
        node.managementPort() == null ? "" : ", metrics and health on http://" + config.exposure().managementHost() + ":" + node.managementPort());
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
    check(clusterMinMembers >= 1 && clusterMinMembers <= 100, "--cluster-min-members must be 1..100");
    check(cluster || clusterMinMembers == 1, "--cluster-min-members needs --cluster");
    check(LogFormat.parse(logFormat) != null, "--log-format must be text or json");
    check(NetworkTransport.parse(transport) != null, "--transport must be auto, io_uring, epoll or nio");
    for (String member : clusterMembers) {
      check(member.matches("[^:\\s]+(:\\d{1,5})?"), "--cluster-members must be host:port,... (got '" + member + "')");
    }
    check(clusterBusPort >= 0 && clusterBusPort <= 65535, "--cluster-bus-port must be 0..65535");
    boolean anyClusterTls = clusterTlsCertFile != null || clusterTlsKeyFile != null || clusterTlsCaFile != null;
    check(!anyClusterTls || (clusterTlsCertFile != null && clusterTlsKeyFile != null && clusterTlsCaFile != null),
        "--cluster-tls-cert-file, --cluster-tls-key-file and --cluster-tls-ca-file go together");
    if (anyClusterTls) {
      readable(clusterTlsCertFile, "--cluster-tls-cert-file");
      readable(clusterTlsKeyFile, "--cluster-tls-key-file");
      readable(clusterTlsCaFile, "--cluster-tls-ca-file");
    }
    ServiceConfig.ClusterSettings clusterSettings = !cluster ? null : new ServiceConfig.ClusterSettings(
        clusterName, clusterHost, clusterPort, java.util.List.copyOf(clusterMembers), clusterKubernetesService, clusterFailureTimeoutSec,
        clusterMinMembers, clusterBusPort, clusterTlsCertFile, clusterTlsKeyFile, clusterTlsCaFile);
    ServiceConfig.AuthSettings authSettings = authSettings();
    ServiceConfig.Exposure exposure = exposure();
    if (feedCaFile != null) {
      readable(feedCaFile, "--feed-ca-file");
    }
    int instances = fanoutInstances == 0 ? Runtime.getRuntime().availableProcessors() : fanoutInstances;
    return new ServiceConfig(httpHost, httpPort, nodeId, instances, feedUrl, simRate, simSymbols, simSeed,
        defaultIntervalMs, maxFrameBytes, maxSymbolsPerConn, maxOpsPerSec, maxConnections, slowConsumerGraceMs,
        writeQueueBytes, sendBufferBytes, pingIntervalMs, lagProbeMs, idleTimeoutMs, feedStaleMs, feedReconnectMaxMs,
        feedCaFile, authSettings, exposure, clusterSettings, LogFormat.parse(logFormat), candleSettings(),
        NetworkTransport.parse(transport));
  }

  private ServiceConfig.CandleSettings candleSettings() {
    try {
      return candleOptions.settings();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ServiceConfig.AuthSettings authSettings() {
    check(auth.equals("none") || auth.equals("jwt"), "--auth must be none or jwt");
    check(authTimeoutMs >= 100, "--auth-timeout-ms must be at least 100");
    check(authExpiredGraceMs >= 0, "--auth-expired-grace-ms must be >= 0");
    if (auth.equals("none")) {
      check(jwtSecretFile == null && jwtPublicKeyFile == null, "--jwt-secret-file/--jwt-public-key-file need --auth jwt");
      return new ServiceConfig.AuthSettings(false, null, null, null, null, authTimeoutMs, authExpiredGraceMs);
    }
    check((jwtSecretFile == null) != (jwtPublicKeyFile == null), "--auth jwt needs exactly one of --jwt-secret-file and --jwt-public-key-file");
    try {
      // Read the key now: a bad key file is a bad option, not a node that refuses every token.
      if (jwtSecretFile != null) {
        io.ticker.service.auth.JwtKeys.hmac(java.nio.file.Path.of(jwtSecretFile));
      } else {
        io.ticker.service.auth.JwtKeys.publicKey(java.nio.file.Path.of(jwtPublicKeyFile));
      }
    } catch (RuntimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return new ServiceConfig.AuthSettings(true, jwtSecretFile, jwtPublicKeyFile, jwtIssuer, jwtAudience, authTimeoutMs, authExpiredGraceMs);
  }

  private ServiceConfig.Exposure exposure() {
    check((tlsCertFile == null) == (tlsKeyFile == null), "--tls-cert-file and --tls-key-file go together");
    if (tlsCertFile != null) {
      readable(tlsCertFile, "--tls-cert-file");
      readable(tlsKeyFile, "--tls-key-file");
    }
    check(tlsReloadMs >= 100, "--tls-reload-ms must be at least 100");
    java.util.Set<String> origins = new java.util.LinkedHashSet<>();
    for (String origin : allowedOrigins == null ? java.util.List.<String>of() : allowedOrigins) {
      String o = origin.trim();
      check(o.matches("https?://[^/\\s]+"), "--allowed-origins must be scheme://host[:port],... (got '" + origin + "')");
      origins.add(o.toLowerCase(java.util.Locale.ROOT));
    }
    check(maxConnectionsPerIp >= 0, "--max-connections-per-ip must be >= 0");
    check(httpRequestTimeoutMs >= 100, "--http-request-timeout-ms must be at least 100");
    check(maxRequestLineBytes >= 256, "--max-request-line-bytes must be at least 256");
    check(maxHeaderBytes >= 1024, "--max-header-bytes must be at least 1024");
    check(managementPort == null || (managementPort >= 0 && managementPort <= 65535), "--management-port must be 0..65535");
    return new ServiceConfig.Exposure(tlsCertFile, tlsKeyFile, tlsReloadMs, java.util.Set.copyOf(origins), maxConnectionsPerIp,
        httpRequestTimeoutMs, maxRequestLineBytes, maxHeaderBytes, managementPort, managementHost);
  }

  private void readable(String file, String option) {
    check(java.nio.file.Files.isReadable(java.nio.file.Path.of(file)), option + " " + file + " is not a readable file");
  }

  private void check(boolean ok, String reason) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), reason);
    }
  }
}
