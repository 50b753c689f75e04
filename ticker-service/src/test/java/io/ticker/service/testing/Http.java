package io.ticker.service.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Blocking HTTP GETs to processes a test started (any address: loopback or a network namespace),
 * with a timeout so a frozen or cut-off peer fails the call instead of hanging it.
 */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Http() {
  }

  public record Reply(int status, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  public static Reply get(String host, int port, String path) {
    try {
      HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A {@code /api/snapshot} reply as symbol → tick. */
  public static java.util.Map<String, JsonObject> bySymbol(JsonObject snapshot) {
    java.util.Map<String, JsonObject> bySymbol = new java.util.HashMap<>();
    snapshot.getJsonArray("ticks").forEach(o -> bySymbol.put(((JsonObject) o).getString("symbol"), (JsonObject) o));
    return bySymbol;
  }

  /** The value of one Prometheus sample line, e.g. {@code ticker_connections}. */
  public static double metric(String host, int port, String name) {
    return sample(get(host, port, "/metrics").body(), name);
  }

  /** The value of the sample line {@code name} in Prometheus text. */
  public static double sample(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name);
  }

  /** A TCP port free on loopback right now (for servers that need a fixed port, such as cluster members). */
  public static int freePort() {
    return freePorts(1);
  }

  /** Ports this test JVM has handed out already: each goes to one server only, even before it binds. */
  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  /** The first of {@code count} consecutive TCP ports free on loopback right now (a script's base port + 1, + 2, …). */
  public static synchronized int freePorts(int count) {
    // Below the kernel's ephemeral range (32768+): a port handed out here is never also the one the
    // kernel gives a socket bound to port 0 meanwhile (a simulator, a client), as it could be if we
    // asked the kernel for a free port and let it go again. And never twice: a cluster's ports are all
    // picked before its JVMs bind them, so two picks could be the same still-free port (a node of
    // FrozenLeaderIT once failed to bind its HTTP port: "Address already in use").
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = random.nextInt(20_000, 32_000 - count);
      if (java.util.stream.IntStream.range(first, first + count).allMatch(port -> !HANDED_OUT.contains(port) && bindable(port))) {
        java.util.stream.IntStream.range(first, first + count).forEach(HANDED_OUT::add);
        return first;
      }
    }
    throw new IllegalStateException("no " + count + " free ports in a row in 20000..31999");
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

}
