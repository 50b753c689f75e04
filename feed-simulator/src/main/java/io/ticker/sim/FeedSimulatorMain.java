package io.ticker.sim;

import static io.ticker.sim.SimulatorConfig.DEFAULT_BATCH_MS;
import static io.ticker.sim.SimulatorConfig.DEFAULT_BURST_EVERY_SEC;
import static io.ticker.sim.SimulatorConfig.DEFAULT_BURST_FACTOR;
import static io.ticker.sim.SimulatorConfig.DEFAULT_BURST_MS;
import static io.ticker.sim.SimulatorConfig.DEFAULT_HOST;
import static io.ticker.sim.SimulatorConfig.DEFAULT_PORT;
import static io.ticker.sim.SimulatorConfig.DEFAULT_RATE;
import static io.ticker.sim.SimulatorConfig.DEFAULT_SYMBOLS;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The standalone feed simulator: parses options, serves the feed until SIGTERM. */
@Command(name = "feed-simulator", mixinStandardHelpOptions = true, version = "feed-simulator 1.0.0",
    sortOptions = false, usageHelpAutoWidth = true,
    description = "Simulates an exchange and serves its ticks over WebSocket at ws://HOST:PORT/feed.")
public final class FeedSimulatorMain implements Callable<Integer> {

  static final int EXIT_BAD_OPTION = 2;
  static final int EXIT_START_FAILED = 1;

  @Spec
  private CommandSpec spec;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = "${FEED_HOST:-" + DEFAULT_HOST + "}",
      description = "Interface to listen on (env FEED_HOST, default ${DEFAULT-VALUE}).")
  private String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "${FEED_PORT:-" + DEFAULT_PORT + "}",
      description = "TCP port, 0 = any free port (env FEED_PORT, default ${DEFAULT-VALUE}).")
  private int port;

  @Option(names = "--rate", paramLabel = "TICKS", defaultValue = "${FEED_RATE:-" + DEFAULT_RATE + "}",
      description = "Total ticks per second, 1..1000000 (env FEED_RATE, default ${DEFAULT-VALUE}).")
  private int rate;

  @Option(names = "--symbols", paramLabel = "N", defaultValue = "${FEED_SYMBOLS:-" + DEFAULT_SYMBOLS + "}",
      description = "Universe size: named symbols first, then synthetic, 1..100000 (env FEED_SYMBOLS, default ${DEFAULT-VALUE}).")
  private int symbols;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "${FEED_SEED}",
      description = "Random seed for a reproducible run (env FEED_SEED, default: random, printed at start).")
  private Long seed;

  @Option(names = "--batch-ms", paramLabel = "MS", defaultValue = "${FEED_BATCH_MS:-" + DEFAULT_BATCH_MS + "}",
      description = "How often a batch frame is sent (env FEED_BATCH_MS, default ${DEFAULT-VALUE}).")
  private int batchMs;

  @Option(names = "--burst-every", paramLabel = "SEC", defaultValue = "${FEED_BURST_EVERY:-" + DEFAULT_BURST_EVERY_SEC + "}",
      description = "Seconds between bursts, 0 = no bursts (env FEED_BURST_EVERY, default ${DEFAULT-VALUE}).")
  private int burstEverySec;

  @Option(names = "--burst-factor", paramLabel = "X", defaultValue = "${FEED_BURST_FACTOR:-" + DEFAULT_BURST_FACTOR + "}",
      description = "Rate multiplier during a burst (env FEED_BURST_FACTOR, default ${DEFAULT-VALUE}).")
  private int burstFactor;

  @Option(names = "--burst-ms", paramLabel = "MS", defaultValue = "${FEED_BURST_MS:-" + DEFAULT_BURST_MS + "}",
      description = "Length of a burst (env FEED_BURST_MS, default ${DEFAULT-VALUE}).")
  private int burstMs;

  @Option(names = "--tls-cert-file", paramLabel = "PEM", defaultValue = "${FEED_TLS_CERT_FILE}",
      description = "Serve wss:// with this PEM certificate chain (env FEED_TLS_CERT_FILE).")
  private String tlsCertFile;

  @Option(names = "--tls-key-file", paramLabel = "PEM", defaultValue = "${FEED_TLS_KEY_FILE}",
      description = "PEM private key of --tls-cert-file (env FEED_TLS_KEY_FILE).")
  private String tlsKeyFile;

  public static void main(String[] args) {
    int exitCode = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)).execute(args);
    // On success the server is running on non-daemon Vert.x threads; only failures end the JVM here.
    if (exitCode != 0) {
      System.exit(exitCode);
    }
  }

  /** The command wired to {@code out} and {@code err}; {@code execute(args)} returns the exit code. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new FeedSimulatorMain());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((error, args) -> {
      String reason = error.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
      error.getCommandLine().getErr().println("feed-simulator: " + reason + " (try --help)");
      return EXIT_BAD_OPTION;
    });
    return commandLine;
  }

  @Override
  public Integer call() {
    SimulatorConfig config = config();
    Vertx vertx = Vertx.vertx();
    if ((tlsCertFile == null) != (tlsKeyFile == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert-file and --tls-key-file go together");
    }
    FeedServerVerticle feed = new FeedServerVerticle(config, tlsCertFile == null ? null
        : new io.vertx.core.net.PemKeyCertOptions().setCertPath(tlsCertFile).setKeyPath(tlsKeyFile));
    try {
      vertx.deployVerticle(feed).await();
    } catch (Exception e) { // await() rethrows the deploy failure as is, checked ones too

      spec.commandLine().getErr().println("feed-simulator: cannot listen on " + config.host() + ":"
          + config.port() + ": " + e.getMessage());
      vertx.close();
      return EXIT_START_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx), "feed-simulator-shutdown"));
    spec.commandLine().getOut().printf("feed-simulator listening on " + (tlsCertFile == null ? "ws" : "wss") + "://%s:%d%s (%d symbols, %d ticks/s, seed %d)%n",
        config.host(), feed.actualPort(), FeedServerVerticle.FEED_PATH, feed.symbolCount(), config.rate(), feed.seed());
    return 0;
  }

  private SimulatorConfig config() {
    // Draw the seed here rather than in the market so the printed seed is the one in use.
    long effectiveSeed = seed != null ? seed : new SplittableRandom().nextLong();
    SimulatorConfig config = new SimulatorConfig(host, port, rate, symbols, effectiveSeed, batchMs,
        burstEverySec, burstFactor, burstMs);
    try {
      return config.validate();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /**
   * Undeploys the feed (consumers get close 1001), then halts with 0: a SIGTERM is how this
   * server is meant to stop, and the JVM would otherwise report it as exit code 143.
   */
  private static void shutdown(Vertx vertx) {
    try {
      vertx.close().await();
    } finally {
      Runtime.getRuntime().halt(0);
    }
  }
}
