package io.ticker.loadtest;

import java.net.URI;

/** One service node: its WebSocket endpoint and the HTTP base of the same node (for /api and /metrics). */
record Target(int index, String url, String host, int port, String path) {

  static Target parse(int index, String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url " + url + " is not a URL");
    }
    if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException("--url must be ws://HOST:PORT/PATH, got " + url);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/ws" : uri.getRawPath();
    return new Target(index, url.trim(), uri.getHost(), port, path);
  }

  String httpBase() {
    return "http://" + host + ":" + port;
  }
}
