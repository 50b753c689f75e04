package io.ticker.loadtest.connections;

import java.net.URI;

/**
 * One service node: its WebSocket endpoint ({@code ws://} or {@code wss://}), the HTTP base of the
 * same node (http or https, for /api) and where its /metrics are read (the same base unless
 * {@code --metrics-url} says otherwise, e.g. a management port).
 */
public record Target(int index, String url, String host, int port, String path, boolean secure, String metricsUrl) {

  public static Target parse(int index, String url) {
    URI uri = uri("--url", url);
    String scheme = uri.getScheme();
    if (!("ws".equals(scheme) || "wss".equals(scheme)) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must be ws://HOST:PORT/PATH or wss://HOST:PORT/PATH, got " + url);
    }
    boolean secure = "wss".equals(scheme);
    int port = uri.getPort() < 0 ? (secure ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/ws" : uri.getRawPath();
    String base = (secure ? "https://" : "http://") + hostPart(uri.getHost()) + ":" + port;
    return new Target(index, url.trim(), uri.getHost(), port, path, secure, base + "/metrics");
  }

  /** The same node with its metrics read from {@code metricsUrl} (an http or https URL). */
  public Target withMetricsUrl(String metricsUrl) {
    URI uri = uri("--metrics-url", metricsUrl);
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException("--metrics-url must be http(s)://HOST:PORT/PATH, got " + metricsUrl);
    }
    return new Target(index, url, host, port, path, secure, metricsUrl.trim());
  }

  public String httpBase() {
    return (secure ? "https://" : "http://") + hostPart(host) + ":" + port;
  }

  private static String hostPart(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  private static URI uri(String flag, String url) {
    try {
      return URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(flag + " " + url + " is not a URL");
    }
  }
}
