package io.ticker.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code /js/ticker-client.js}, the module the dashboard is built on, driven from Node against two real nodes:
 * connect, subscribe, snapshot and updates, unsubscribe, errors as rejections, and failover to the second node
 * when the first is stopped, refreshed short-lived tokens against a third with {@code --auth jwt} (src/test/resources/jsclient/ticker-client-test.mjs says what it checks).
 */
class TickerClientNodeTest {

  @Test
  void nodeClientSubscribesAndFailsOverToTheSecondNode() throws Exception {
    Integer nodeMajor = nodeMajorVersion();
    if (nodeMajor == null) {
      // Not in CI, a missing node is a skip that says so; in CI it is a failure.
      Assumptions.assumeTrue(System.getenv("CI") != null, "`node` is not on the PATH: skipping the ticker-client.js Node test");
      throw new AssertionError("`node` is not on the PATH (needed by the ticker-client.js test in CI)");
    }
    assertTrue(nodeMajor >= 20, "Node 20+ is needed for this test (a global WebSocket); found " + nodeMajor);

    TickerNode first = TestSupport.startNode("--sim-rate", "500", "--sim-seed", "7");
    TickerNode second = TestSupport.startNode("--sim-rate", "500", "--sim-seed", "8");
    boolean firstStopped = false;
    Path dir = Files.createTempDirectory("ticker-client-test-");
    String secret = "ticker-client-node-test-secret-of-more-than-32-bytes";
    Path secretFile = Files.writeString(dir.resolve("jwt.secret"), secret);
    TickerNode jwt = TestSupport.startNode("--sim-rate", "500", "--auth", "jwt", "--jwt-secret-file", secretFile.toString());
    try {
      // The module as the service serves it, JavaScript content type and all.
      HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          new URI("http://127.0.0.1:" + first.httpPort() + "/js/ticker-client.js")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, served.statusCode());
      String type = served.headers().firstValue("content-type").orElse("");
      assertTrue(type.startsWith("text/javascript") || type.startsWith("application/javascript"), "content-type " + type);
      Path module = dir.resolve("ticker-client.mjs");
      Files.writeString(module, served.body());
      Path script = dir.resolve("ticker-client-test.mjs");
      try (var in = getClass().getResourceAsStream("/jsclient/ticker-client-test.mjs")) {
        Files.write(script, in.readAllBytes());
      }

      List<String> command = new ArrayList<>(List.of("node"));
      if (nodeMajor < 22) {
        command.add("--experimental-websocket"); // Node 20.10+: the global WebSocket behind a flag
      }
      command.addAll(List.of(script.toString(), module.toString(),
          "ws://127.0.0.1:" + first.httpPort() + "/ws", "ws://127.0.0.1:" + second.httpPort() + "/ws",
          "ws://127.0.0.1:" + jwt.httpPort() + "/ws", secret));
      Process node = new ProcessBuilder(command).redirectErrorStream(true).start();
      StringBuilder output = new StringBuilder();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          System.out.println("[node] " + line);
          output.append(line).append('\n');
          if (line.equals("STOP-FIRST") && !firstStopped) {
            TestSupport.await(first.stop());
            firstStopped = true;
          }
        }
      }
      assertTrue(node.waitFor(70, TimeUnit.SECONDS), "node exits");
      assertEquals(0, node.exitValue(), "the Node test script failed:\n" + output);
      assertTrue(firstStopped && output.toString().contains("PASS"), output.toString());
    } finally {
      if (!firstStopped) {
        TestSupport.await(first.stop());
      }
      TestSupport.await(second.stop());
      TestSupport.await(jwt.stop());
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The major version of `node` on the PATH, or null when there is none. */
  private static Integer nodeMajorVersion() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim(); // v20.20.2
      return p.waitFor() == 0 && v.startsWith("v") ? Integer.parseInt(v.substring(1, v.indexOf('.'))) : null;
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }
}
