package io.ticker.service.testing;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A simulator JVM and service JVMs of this build, with random ports, each stopped by its own PID
 * when closed. By default all on loopback; {@link #placed} puts each in a place of its own (a
 * network namespace: the command prefix that enters it and its address there). Index -1 is the
 * simulator, 0.. are the nodes n1, n2, ….
 */
public final class ClusterJvms implements AutoCloseable {

  public static final Path SERVICE_JAR = Path.of("..", "ticker-service", "target", "ticker-service.jar");
  public static final Path SIMULATOR_JAR = Path.of("..", "feed-simulator", "target", "feed-simulator.jar");

  /** Where process {@code i} runs: its address and the command prefix that puts it there. */
  public record Place(String host, List<String> prefix) {
  }

  private final IntFunction<Place> places;
  private final int[] clusterPorts;
  private final int[] httpPorts;
  private final int feedPort = Http.freePort();
  private final String members;
  private final String name = "ticker-it-" + feedPort;
  private final List<JvmProcess> processes = new ArrayList<>();
  private final JvmProcess[] nodes;
  private List<String> nodeJvmOptions = List.of();
  public JvmProcess simulator;

  private ClusterJvms(int size, IntFunction<Place> places) {
    this.places = places;
    clusterPorts = new int[size];
    httpPorts = new int[size];
    List<String> list = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      clusterPorts[i] = Http.freePort();
      httpPorts[i] = Http.freePort();
      list.add(host(i) + ":" + clusterPorts[i]);
    }
    members = String.join(",", list);
    nodes = new JvmProcess[size];
  }

  public static ClusterJvms onLoopback(int size) {
    return new ClusterJvms(size, i -> new Place("127.0.0.1", List.of()));
  }

  public static ClusterJvms placed(int size, IntFunction<Place> places) {
    return new ClusterJvms(size, places);
  }

  /** JVM options for the nodes started from now on (system properties, e.g.). */
  public ClusterJvms withNodeJvmOptions(String... options) {
    nodeJvmOptions = List.of(options);
    return this;
  }

  public String host(int i) {
    return places.apply(i).host();
  }

  public int httpPort(int i) {
    return httpPorts[i];
  }

  public int feedPort() {
    return feedPort;
  }

  public JvmProcess node(int i) {
    return nodes[i];
  }

  /** The simulator: bursts off, so rates are predictable. */
  public JvmProcess startSimulator(int rate, int symbols) throws Exception {
    simulator = start(-1, List.of(), "simulator", SIMULATOR_JAR, "--host", host(-1), "--port", String.valueOf(feedPort),
        "--rate", String.valueOf(rate), "--symbols", String.valueOf(symbols), "--seed", "4", "--burst-every", "0");
    return simulator;
  }

  /** Node {@code i} ("n" + (i + 1)) joining the others, on the simulator's feed; {@code extra} flags last. */
  public JvmProcess startNode(int i, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--http-host", host(i), "--http-port", String.valueOf(httpPorts[i]),
        "--node-id", "n" + (i + 1), "--cluster", "--cluster-name", name, "--cluster-host", host(i),
        "--cluster-port", String.valueOf(clusterPorts[i]), "--cluster-members", members,
        "--feed-url", "ws://" + host(-1) + ":" + feedPort + "/feed", "--fanout-instances", "1", "--feed-stale-ms", "1000"));
    args.addAll(Arrays.asList(extra));
    nodes[i] = start(i, nodeJvmOptions, "node" + (i + 1), SERVICE_JAR, args.toArray(String[]::new));
    return nodes[i];
  }

  private JvmProcess start(int i, List<String> jvmOptions, String processName, Path jar, String... args) throws Exception {
    // Named after the cluster too: tests in parallel forks keep their logs apart.
    JvmProcess process = JvmProcess.start(places.apply(i).prefix(), jvmOptions, name + "-" + processName, jar, args);
    processes.add(process);
    return process;
  }

  public boolean ready(int i) {
    try {
      return Http.get(host(i), httpPorts[i], "/health/ready").status() == 200;
    } catch (RuntimeException notUp) {
      return false;
    }
  }

  public JsonObject health(int i) {
    return Http.get(host(i), httpPorts[i], "/health/ready").json();
  }

  /** How many nodes among {@code indexes} say they ingest. */
  public long leaders(int... indexes) {
    long count = 0;
    for (int i : indexes) {
      count += (long) Http.metric(host(i), httpPorts[i], "ticker_cluster_leader");
    }
    return count;
  }

  /** The index of the node that node {@code asked} names as leader (nodes are n1, n2, …). */
  public int leaderIndex(int asked) {
    return Integer.parseInt(health(asked).getJsonObject("cluster").getString("leader").substring(1)) - 1;
  }

  /** Whether every node names the same leader. */
  public boolean agreeOnLeader() {
    return java.util.stream.IntStream.range(0, nodes.length)
        .mapToObj(i -> health(i).getJsonObject("cluster").getString("leader")).distinct().count() == 1;
  }

  /** Feed connections the simulator has now: a cluster should have exactly one. */
  public int feedConnections() {
    return Integer.parseInt(Http.get(host(-1), feedPort, "/consumers").body().trim());
  }

  /** Node i's latest tick of every symbol, from {@code /api/snapshot}. */
  public Map<String, JsonObject> snapshot(int i) {
    return Http.bySymbol(Http.get(host(i), httpPorts[i], "/api/snapshot").json());
  }

  /** The condition, with a refused or reset request (a node restarting, merging or just thawed) taken as false. */
  public static java.util.function.BooleanSupplier tolerant(java.util.function.BooleanSupplier condition) {
    return () -> {
      try {
        return condition.getAsBoolean();
      } catch (AssertionError | RuntimeException notNow) {
        return false;
      }
    };
  }

  @Override
  public void close() throws Exception {
    for (JvmProcess process : processes) {
      process.close();
    }
  }
}
