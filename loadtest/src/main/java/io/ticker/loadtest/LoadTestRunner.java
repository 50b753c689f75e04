package io.ticker.loadtest;

import static io.ticker.loadtest.connections.Causes.cause;
import static io.ticker.loadtest.connections.Causes.rootMessage;

import com.fasterxml.jackson.databind.JsonNode;
import io.ticker.loadtest.checks.FinalValueCheck;
import io.ticker.loadtest.connections.ClientConnection;
import io.ticker.loadtest.connections.Http;
import io.ticker.loadtest.connections.Lane;
import io.ticker.loadtest.connections.Subscriptions;
import io.ticker.loadtest.connections.SymbolTable;
import io.ticker.loadtest.connections.Target;
import io.ticker.loadtest.connections.Tokens;
import io.ticker.loadtest.measurement.Results;
import io.ticker.loadtest.measurement.RunState;
import io.ticker.loadtest.measurement.Sampler;
import io.ticker.loadtest.reporting.ServerMetrics;
import io.ticker.loadtest.reporting.ServerWatch;
import io.ticker.model.NetworkTransport;
import io.ticker.model.Wire;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.transport.Transport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One load-test run: fetch the symbol universe, ramp the connections up over the lanes, measure
 * for the duration, verify final values against each node's snapshot, then close everything.
 */
final class LoadTestRunner {

  /** Thrown when the run cannot go on (service unreachable…): exit code 3. */
  static final class RunFailure extends Exception {
    RunFailure(String message) {
      super(message);
    }
  }

  /**
   * Vert.x warns "Connection evicted" for every refused WebSocket upgrade (a 401 for a bad token):
   * thousands of lines in a failing run, and each refusal is counted in the report anyway. Kept
   * here so the logger (and its level) is not garbage collected.
   */
  private static final java.util.logging.Logger EVICTIONS =
      java.util.logging.Logger.getLogger("io.vertx.core.http.impl.HttpClientConnectionInternal");

  static {
    EVICTIONS.setLevel(java.util.logging.Level.SEVERE);
  }

  private final LoadTestConfig config;
  private final PrintStream out;
  /** Set when the service refused the run's token on /api/symbols: the run goes on to report how the connections fare. */
  private String tokenRefused;

  LoadTestRunner(LoadTestConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  Results run() throws Exception {
    LoadTestOptions o = config.o();
    // The client sockets on the machine's best transport (epoll on Linux), as the service's are.
    Transport transport = NetworkTransport.AUTO.resolve();
    out.printf("transport: %s%n", transport.name());
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(config.eventLoops())).withTransport(transport).build();
    // HTTP (symbols, snapshots, /metrics scrapes) on a loop of its own: the lanes' loops may be seconds
    // behind under load, and a scrape that waits behind them would time out or stamp the window late.
    Vertx httpLoop = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)).withTransport(transport).build();
    Http http = null;
    try {
      Tokens tokens = null;
      if (config.jwt() != null) {
        tokens = Tokens.mint(vertx, config.jwt(), o.connections + o.stalled);
        out.printf("tokens: %s; %s%n", tokens.describeTiming(), config.jwt().describe());
        long runMs = config.durationMs() + config.warmupMs() + (long) (1000.0 * (o.connections + o.stalled) / o.rampRate) + 5_000;
        if (config.jwt().ttlSeconds() * 1000 < runMs) {
          out.printf("note: the tokens expire after %d s, before the run ends (~%d s): expect %s and close %d%n",
              config.jwt().ttlSeconds(), runMs / 1000, ErrorCode.UNAUTHORIZED.name(), CloseCode.POLICY_VIOLATION);
        }
      }
      http = new Http(httpLoop, config.trustFile(), tokens == null ? null : tokens.http);
      SymbolTable symbols = fetchSymbols(http);
      if (tokenRefused == null && !config.allSymbols() && o.symbolsPerConn > symbols.size()) {
        throw new IllegalArgumentException("--symbols-per-conn " + o.symbolsPerConn + " is more than the "
            + symbols.size() + " symbols the service has");
      }
      List<Lane> lanes = new ArrayList<>();
      for (int i = 0; i < config.eventLoops(); i++) {
        Lane lane = new Lane(i, symbols, config.o().drainOnly);
        await(vertx.deployVerticle(lane), 10_000);
        lanes.add(lane);
      }
      RunState run = new RunState(config, symbols, clients(vertx), tokens);
      List<ClientConnection> conns = plan(run, lanes, symbols);
      Results r = new Results();
      r.config = config;
      r.startedAtMillis = System.currentTimeMillis();
      r.symbolUniverse = symbols.size();
      r.tokens = tokens;
      r.tokenRefused = tokenRefused;
      ServerWatch server = new ServerWatch(http, config.targets(), config.o().scrapeMetrics, out);
      List<ServerMetrics> before = server.readAll();
      Sampler sampler = new Sampler(lanes, run, server, out);

      long rampStart = System.nanoTime();
      Future<Void> ramped = ramp(vertx, conns);
      while (!ramped.isComplete()) {
        tick(sampler, 1000);
      }
      r.rampSeconds = (System.nanoTime() - rampStart) / 1e9;
      sampler.sample(false); // closes the ramp's last partial second
      sampler.phase = Sampler.Phase.WARMUP;
      tickUntil(sampler, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.warmupMs()));
      sampler.phase = Sampler.Phase.WINDOW;
      List<ServerMetrics> windowStart = server.readAll();
      long f0 = sampler.frames();
      long t0 = sampler.ticks();
      long b0 = sampler.bytes();
      long m0 = System.nanoTime();
      tickUntil(sampler, m0 + TimeUnit.MILLISECONDS.toNanos(config.durationMs()));
      sampler.phase = Sampler.Phase.AFTER;
      r.measuredSeconds = (System.nanoTime() - m0) / 1e9;
      r.frames = sampler.frames() - f0;
      r.ticks = sampler.ticks() - t0;
      r.bytes = sampler.bytes() - b0;
      r.ages = sampler.window.copy();
      List<ServerMetrics> windowEnd = server.readAll();

      new FinalValueCheck(config, http, symbols, out).run(lanes, r, sampler);
      List<ServerMetrics> after = server.readAll();
      for (int i = 0; i < before.size(); i++) {
        if (before.get(i) != null && after.get(i) != null && windowStart.get(i) != null && windowEnd.get(i) != null) {
          Map<String, Object> d = ServerMetrics.delta(before.get(i), windowStart.get(i), windowEnd.get(i), after.get(i));
          d.put("node", config.targets().get(i).httpBase());
          d.put("metricsUrl", config.targets().get(i).metricsUrl());
          r.server.add(d);
        }
      }
      if (o.stalled > 0) {
        Lane.onEach(lanes, lane -> lane.connections.forEach(ClientConnection::resumeIfStalled));
        Thread.sleep(1500);
      }
      r.collect(run, sampler);
      run.stopping = true;
      Lane.onEach(lanes, lane -> lane.connections.forEach(ClientConnection::close));
      Thread.sleep(300);
      return r;
    } finally {
      if (http != null) {
        http.close();
      }
      httpLoop.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Samples once a second until {@code endNanos} (System.nanoTime), the last sample at that time. */
  private void tickUntil(Sampler sampler, long endNanos) throws InterruptedException {
    while (System.nanoTime() < endNanos) {
      tick(sampler, Math.min(1000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime()))));
    }
  }

  private void tick(Sampler sampler, long ms) throws InterruptedException {
    Thread.sleep(ms);
    sampler.sample(!config.o().quiet);
  }

  /**
   * The universe from the first node's /api/symbols (under jwt: the symbols the tokens grant),
   * retried for up to 15 s while the service warms up. A TLS failure ends the run at once; so does
   * a 401/403 without a token. A refused token does not: the run goes on with no symbol list
   * (every connection asks for "*") so that the report shows what the connections met.
   */
  private SymbolTable fetchSymbols(Http http) throws RunFailure, InterruptedException {
    Target t = config.targets().get(0);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    String problem;
    do {
      try {
        Buffer body = http.get(t, "/api/symbols", 5_000);
        JsonNode list = Wire.JSON.readTree(body.getBytes()).path("symbols");
        List<String> names = new ArrayList<>();
        list.forEach(n -> names.add(n.path("symbol").asText()));
        if (!names.isEmpty()) {
          return new SymbolTable(names);
        }
        problem = "the service at " + t.httpBase() + " lists no symbols"
            + (config.jwt() != null ? " that the tokens grant (--jwt-symbols " + String.join(",", config.jwt().grants()) + ")" : "");
      } catch (Exception e) {
        problem = "cannot read symbols from " + t.httpBase() + "/api/symbols: " + rootMessage(e);
        Http.StatusException status = cause(e, Http.StatusException.class);
        if (status != null && (status.status == 401 || status.status == 403)) {
          if (config.jwt() == null) {
            throw new RunFailure(problem + " (the service wants a token: --jwt-secret-file)");
          }
          tokenRefused = "GET " + t.httpBase() + "/api/symbols -> HTTP " + status.status;
          out.println("note: the service refused the token: " + tokenRefused + "; connecting anyway to report what the connections meet");
          return new SymbolTable(List.of());
        }
        if (cause(e, javax.net.ssl.SSLException.class) != null) {
          throw new RunFailure(problem + (config.trustFile() == null ? " (a private CA needs --trust-file)" : ""));
        }
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new RunFailure(problem);
  }

  private List<WebSocketClient> clients(Vertx vertx) {
    List<String> sources = config.sourceAddresses().isEmpty() ? java.util.Collections.singletonList(null) : config.sourceAddresses();
    List<WebSocketClient> clients = new ArrayList<>();
    for (String source : sources) {
      WebSocketClientOptions opts = new WebSocketClientOptions()
          .setMaxConnections(1_000_000)
          .setMaxFrameSize(16 * 1024 * 1024)
          .setMaxMessageSize(64 * 1024 * 1024)
          .setConnectTimeout(config.o().connectTimeoutMs)
          .setTcpNoDelay(true)
          .setVerifyHost(true);
      if (config.trustFile() != null) {
        opts.setTrustOptions(new PemTrustOptions().addCertPath(config.trustFile()));
      }
      // OpenSSL when its native library loads: one generator core must decrypt what a server core encrypts.
      io.ticker.model.Tls.configure(opts);
      if (source != null) {
        opts.setLocalAddress(source);
      }
      clients.add(vertx.createWebSocketClient(opts));
    }
    return clients;
  }

  private List<ClientConnection> plan(RunState run, List<Lane> lanes, SymbolTable symbols) {
    LoadTestOptions o = config.o();
    // with no symbol list (the token was refused) every connection asks for "*"
    int[][] sets = Subscriptions.plan(o.seed, o.connections, symbols.size(), o.symbolsPerConn,
        config.allSymbols() || symbols.size() == 0);
    List<ClientConnection> conns = new ArrayList<>();
    int total = o.connections + o.stalled;
    int targets = config.targets().size();
    for (int i = 0; i < total; i++) {
      boolean stalled = i >= o.connections;
      Lane lane = lanes.get(i % lanes.size());
      Target target = config.targets().get(i % targets);
      int source = (i / targets) % run.clients.size();
      ClientConnection c = new ClientConnection(run, i, lane, target, source, stalled ? null : sets[i], stalled);
      lane.connections.add(c);
      conns.add(c);
    }
    return conns;
  }

  /** Starts connections at --ramp-rate per second, each on its lane; completes when all are started. */
  private Future<Void> ramp(Vertx vertx, List<ClientConnection> conns) {
    Promise<Void> done = Promise.promise();
    long start = System.nanoTime();
    double rate = config.o().rampRate;
    int[] launched = {0};
    // The timer is made on an event loop, not on this thread: Vert.x 5.0.10 stores a periodic timer's
    // future after scheduling it, so one made elsewhere can fire, and cancel itself, before that; the
    // cancel then fails, the timer never fires again and the ramp never ends (seen once, beside a build).
    vertx.getOrCreateContext().runOnContext(start0 -> vertx.setPeriodic(0, 10, id -> {
      long due = Math.min(conns.size(), (long) ((System.nanoTime() - start) / 1e9 * rate) + 1);
      while (launched[0] < due) {
        ClientConnection c = conns.get(launched[0]++);
        c.lane().ctx.runOnContext(v -> c.connect());
      }
      if (launched[0] >= conns.size()) {
        vertx.cancelTimer(id);
        // let the last handshakes finish before measuring (bounded by the connect timeout)
        long waitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.o().connectTimeoutMs);
        vertx.setPeriodic(50, id2 -> {
          if (System.nanoTime() > waitUntil || conns.stream().allMatch(ClientConnection::attempted)) {
            vertx.cancelTimer(id2);
            done.tryComplete();
          }
        });
      }
    }));
    return done.future();
  }

  private static <T> T await(Future<T> f, long ms) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(ms, TimeUnit.MILLISECONDS);
  }

}
