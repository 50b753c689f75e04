package io.ticker.service;

import io.ticker.model.NetworkTransport;

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
    String feedCaFile,
    AuthSettings auth,
    Exposure exposure,
    ClusterSettings cluster,
    LogFormat logFormat,
    CandleSettings candles,
    NetworkTransport transport) {

  /** How many candles to keep per symbol and timeframe, and how many {@code candles} streams one connection may hold. */
  public record CandleSettings(io.ticker.service.candles.CandleDepths depths, int maxStreamsPerConn) {
  }

  /**
   * Who may have data: {@code jwt == false} serves anyone; otherwise tokens are checked with the
   * HS256 secret file or the RS256/ES256 public key file, and issuer/audience when not null.
   */
  public record AuthSettings(
      boolean jwt,
      String secretFile,
      String publicKeyFile,
      String issuer,
      String audience,
      int timeoutMs,
      int expiredGraceMs) {

    public String mode() {
      return jwt ? "jwt" : "none";
    }
  }

  /**
   * How the node faces the network: TLS files ({@code null} = plain), allowed WebSocket origins
   * (empty = any), per-IP connection limit (0 = none), request timeouts and size limits, and the
   * management listener for /metrics and /health ({@code managementPort == null} = on the public port).
   */
  public record Exposure(
      String tlsCertFile,
      String tlsKeyFile,
      int tlsReloadMs,
      java.util.Set<String> allowedOrigins,
      int maxConnectionsPerIp,
      int httpRequestTimeoutMs,
      int maxRequestLineBytes,
      int maxHeaderBytes,
      Integer managementPort,
      String managementHost) {

    public boolean tls() {
      return tlsCertFile != null;
    }
  }

  /**
   * How to join a Hazelcast cluster; {@code null} in {@link ServiceConfig#cluster()} means standalone.
   * {@code minMembers}: below that many members a node neither ingests nor reports ready.
   */
  public record ClusterSettings(
      String name,
      String host,
      int port,
      java.util.List<String> members,
      String kubernetesService,
      int failureTimeoutSec,
      int minMembers,
      int busPort,
      String tlsCertFile,
      String tlsKeyFile,
      String tlsCaFile) {

    /** Mutual TLS on the event bus between nodes. */
    public boolean tls() {
      return tlsCertFile != null;
    }
  }

  public boolean clustered() {
    return cluster != null;
  }
}
