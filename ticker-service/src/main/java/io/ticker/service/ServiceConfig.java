package io.ticker.service;

/**
 * Everything the service can be told, from flags or environment ({@link TickerMain} maps them).
 * {@code feedUrl == null} means: run the feed simulator embedded (on the ingest leader), with the
 * {@code sim*} settings.
 */
public record ServiceConfig(
    String httpHost,
    int httpPort,
    String nodeId,
    int fanoutInstances,
    String feedUrl,
    int simRate,
    int simSymbols,
    Long simSeed,
    int defaultIntervalMs,
    int maxFrameBytes,
    int maxSymbolsPerConn,
    int maxOpsPerSec,
    int maxConnections,
    int slowConsumerGraceMs,
    int writeQueueBytes,
    int sendBufferBytes,
    int pingIntervalMs,
    int lagProbeMs,
    int idleTimeoutMs,
    int feedStaleMs,
    int feedReconnectMaxMs,
    ClusterSettings cluster,
    LogFormat logFormat) {

  /** How to join a Hazelcast cluster; {@code null} in {@link ServiceConfig#cluster()} means standalone. */
  public record ClusterSettings(
      String name,
      String host,
      int port,
      java.util.List<String> members,
      String kubernetesService,
      int failureTimeoutSec) {
  }

  public boolean clustered() {
    return cluster != null;
  }
}
