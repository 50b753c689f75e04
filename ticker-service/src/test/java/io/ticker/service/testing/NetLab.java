package io.ticker.service.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A fault lab for one test: a bridge and a network namespace per process (n1..n3, the simulator,
 * HAProxy), made by {@code scripts/netlab-net.sh} with names of its own ({@code tkl-<id>-*}) on a
 * private subnet of its own ({@code 10.213.X.0/24}, unused on this machine), so labs of several
 * tests or engineers never meet. Everything it made goes on {@link #close()}, and at JVM exit if
 * the test never got there. A machine that cannot make network namespaces skips the test, saying so.
 */
public final class NetLab implements AutoCloseable {

  private static final Path SCRIPT = Path.of("..", "scripts", "netlab-net.sh");

  private final String id;
  private final String net;
  private final Thread cleanup;

  private NetLab(String id, String net) {
    this.id = id;
    this.net = net;
    this.cleanup = new Thread(this::down, "netlab-" + id + "-cleanup");
  }

  /** A new lab with its network up; skips the calling test when network namespaces cannot be made here. */
  public static NetLab create() throws Exception {
    String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    String probe = "tkl-" + id + "-probe";
    Result made = run(List.of("ip", "netns", "add", probe));
    Assumptions.assumeTrue(made.exit() == 0,
        "skipped: this machine cannot create network namespaces (needs root and iproute2): " + made.output());
    run(List.of("ip", "netns", "del", probe));
    NetLab lab = new NetLab(id, freeSubnet());
    Runtime.getRuntime().addShutdownHook(lab.cleanup);
    lab.script("up");
    return lab;
  }

  /** A /24 of 10.213.0.0/16 that no interface here has an address in. */
  private static String freeSubnet() throws Exception {
    String addresses = run(List.of("ip", "-o", "-4", "addr", "show")).output();
    for (int attempt = 0; attempt < 100; attempt++) {
      String net = "10.213." + ThreadLocalRandom.current().nextInt(1, 255);
      if (!addresses.contains(" " + net + ".")) {
        return net;
      }
    }
    throw new IllegalStateException("no free subnet in 10.213.0.0/16");
  }

  /** Where process i runs: -1 the simulator, 0.. node n(i+1); for {@link ClusterJvms#placed}. */
  public ClusterJvms.Place place(int i) {
    String role = i < 0 ? "sim" : "n" + (i + 1);
    return new ClusterJvms.Place(address(role), List.of("ip", "netns", "exec", "tkl-" + id + "-" + role));
  }

  /** HAProxy's address: WebSocket and HTTP on :8080. */
  public String balancer() {
    return address("lb");
  }

  private String address(String role) {
    return switch (role) {
      case "sim" -> net + ".20";
      case "lb" -> net + ".30";
      default -> net + "." + (10 + Integer.parseInt(role.substring(1)));
    };
  }

  /** HAProxy over the three nodes' HTTP ports, health-checking /health/ready. */
  public void startBalancer(int... nodePorts) throws Exception {
    List<String> args = new ArrayList<>(List.of("haproxy"));
    for (int port : nodePorts) {
      args.add(String.valueOf(port));
    }
    script(args.toArray(String[]::new));
  }

  /** Node i (0..) and the other nodes lose each other; the simulator, HAProxy and this host still reach it. */
  public void cut(int node) throws Exception {
    script("cut", "n" + (node + 1));
  }

  public void heal() throws Exception {
    script("heal");
  }

  private void script(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    Result result = run(command, Map.of("NETLAB_ID", id, "NETLAB_NET", net));
    if (result.exit() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed (" + result.exit() + "): " + result.output());
    }
  }

  private record Result(int exit, String output) {
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    return run(command, Map.of());
  }

  private static Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out: " + command);
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
  }

  /** Ends every process left in the lab's namespaces (by PID), deletes the namespaces, the bridge and its state. */
  private void down() {
    try {
      script("down");
    } catch (Exception e) {
      System.err.println("netlab " + id + ": cleanup failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    down();
    try {
      Runtime.getRuntime().removeShutdownHook(cleanup);
    } catch (IllegalStateException exiting) {
      // the JVM is shutting down: the hook runs anyway, and down is idempotent
    }
  }
}
