package io.ticker.loadtest.connections;

import io.ticker.loadtest.checks.LastSeen;
import io.ticker.loadtest.measurement.RunState;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.FrameType;

import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client connection: its sockets' lives, from connect (and auth) to a drop and the reconnect,
 * which moves to the next --url. What it receives, and the view of the market it checks each tick
 * against, is its {@link ReceivedFrames}. Runs entirely on its lane's event loop. A stalled
 * connection subscribes to "*" and then pauses its socket so the server sees a consumer that never
 * reads. Under --jwt-secret-file it
 * sends its own token: as {@code Authorization: Bearer} on the upgrade, or (--jwt-via-op) as the
 * {@code auth} op, and then it counts as connected only once the {@code authed} reply is in.
 */
public final class ClientConnection {

  private final int index;
  private final Lane lane;
  /** The node this connection uses now: a failed connect or a drop moves it to the next --url, round-robin. */
  private Target target;
  private final boolean stalled;
  private final RunState run;
  private final int source;
  private final String subscribe;
  /** What it receives, and its view of the market: across its sessions. */
  private final ReceivedFrames received;
  private ClientWebSocket ws;
  private boolean open;
  /** Set once the first connect attempt has finished, either way. */
  private volatile boolean attempted;
  /** --jwt-via-op: the auth op is sent and its answer not yet in. */
  private boolean authing;
  private long authStartNanos;

  public ClientConnection(RunState run, int index, Lane lane, Target target, int source, int[] symbols, boolean stalled) {
    this.run = run;
    this.index = index;
    this.lane = lane;
    this.target = target;
    this.source = source;
    this.received = new ReceivedFrames(run, lane, symbols);
    this.stalled = stalled;
    this.subscribe = Subscriptions.subscribeMessage(run.symbols, symbols, run.config.o().intervalMs);
  }

  public int index() {
    return index;
  }

  public Lane lane() {
    return lane;
  }

  public Target target() {
    return target;
  }

  /** A slow consumer (--stalled): not checked. */
  public boolean stalled() {
    return stalled;
  }

  public boolean isOpen() {
    return open;
  }

  /** Whether the first connect attempt has finished, either way. */
  public boolean attempted() {
    return attempted;
  }

  /** What this connection last received per subscribed slot, or null if it never connected. */
  public LastSeen seen() {
    return received.seen();
  }

  public int slotCount() {
    return received.slotCount();
  }

  public int globalOf(int slot) {
    return received.globalOf(slot);
  }

  /** Opens the socket; call on the lane's event loop. */
  public void connect() {
    if (run.stopping) {
      return;
    }
    ClientWebSocket w = run.clients.get(source).webSocket();
    ws = w;
    received.newSocket();
    authing = false;
    w.frameHandler(this::onFrame);
    w.closeHandler(v -> onClosed(w));
    w.exceptionHandler(e -> { });
    long t0 = System.nanoTime();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(target.host()).setPort(target.port())
        .setURI(target.path()).setSsl(target.secure()).setTimeout(run.config.o().connectTimeoutMs);
    String token = run.tokens == null ? null : run.tokens.of(index);
    boolean viaOp = token != null && run.config.jwt().viaOp();
    if (token != null && !viaOp) {
      options.addHeader(HttpHeaders.AUTHORIZATION, Tokens.bearer(token));
    }
    w.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        attempted = true;
        failed(reason(ar.cause()));
        return;
      }
      if (viaOp) {
        // connected once the service says authed (or refused: a connect failure, not a disconnect)
        authing = true;
        w.writeTextMessage(Subscriptions.authMessage(token));
        long timeoutMs = run.config.o().connectTimeoutMs;
        lane.getVertx().setTimer(timeoutMs, id -> {
          if (authing && ws == w) {
            refused(w, "no " + FrameType.AUTHED.wire() + " reply within " + timeoutMs + " ms");
          }
        });
        authStartNanos = t0;
        return;
      }
      attempted = true;
      established(w, t0);
    });
  }

  private void established(ClientWebSocket w, long t0) {
    open = true;
    run.connected.increment();
    (stalled ? run.stalledOpen : run.open).incrementAndGet();
    run.connectTimes.recordValue(Math.min((System.nanoTime() - t0) / 1000, 60_000_000L));
    boolean reconnected = received.newSession();
    if (run.config.o().idle) {
      return; // --idle: open, greeted, and nothing asked
    }
    if (reconnected && run.config.o().resume) {
      // --resume: the snapshot brings only what moved meanwhile
      w.writeTextMessage(Subscriptions.subscribeMessage(run.symbols, received.symbols(), run.config.o().intervalMs, received.seen().seqs()));
    } else {
      w.writeTextMessage(subscribe);
    }
    if (stalled) {
      w.pause();
    }
  }

  /** While --jwt-via-op waits for its answer: authed opens the connection, an error refuses it. */
  private void onAuthReply(WebSocketFrame f) {
    if (!f.isText() || !f.isFinal()) {
      return;
    }
    FrameParser p = received.parse(f.binaryData());
    if (p == null) {
      return;
    }
    if (p.type == FrameParser.AUTHED) {
      authing = false;
      attempted = true;
      established(ws, authStartNanos);
    } else if (p.type == FrameParser.ERROR) {
      RunState.count(run.errorCodes, String.valueOf(p.code));
      refused(ws, String.valueOf(p.code));
    }
  }

  private void refused(ClientWebSocket w, String why) {
    authing = false;
    attempted = true;
    failed("auth op refused: " + why);
    w.close(CloseCode.NORMAL, "load test: token refused");
  }

  private void failed(String why) {
    run.connectFailures.increment();
    RunState.count(run.connectErrors, why);
    retryLater();
  }

  /** A short, stable reason for the report: handshake refusals by HTTP status, TLS problems as such. */
  static String reason(Throwable e) {
    if (e instanceof UpgradeRejectedException u) {
      return "HTTP " + u.getStatus() + switch (u.getStatus()) {
        case 401 -> " (token refused)";
        case 403 -> " (origin refused)";
        case 429 -> " (too many connections from this address)";
        case 503 -> " (node full)";
        default -> "";
      };
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException) {
        return abbreviate("TLS: " + Causes.rootMessage(c));
      }
    }
    return abbreviate(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  private static String abbreviate(String m) {
    return m.length() > 100 ? m.substring(0, 100) : m;
  }

  /** Whether this connection lost its session and has not had its first snapshot since. */
  public boolean awaitingRecovery() {
    return received.awaitingRecovery();
  }

  private void retryLater() {
    if (run.config.o().reconnect && !run.stopping && !stalled) {
      // a node that refused or dropped us may be gone: follow the others (a killed node's clients move to the survivors)
      java.util.List<Target> targets = run.config.targets();
      target = targets.get((target.index() + 1) % targets.size());
      lane.getVertx().setTimer(1000 + ThreadLocalRandom.current().nextInt(500), id -> {
        if (!run.stopping) {
          run.reconnects.increment();
          connect();
        }
      });
    }
  }

  private void onClosed(ClientWebSocket w) {
    if (w == ws && authing) {
      Short code = w.closeStatusCode();
      refused(w, "closed " + (code == null ? "without a code" : code.toString()) + " before " + FrameType.AUTHED.wire());
      return;
    }
    if (w != ws || !open) {
      return;
    }
    open = false;
    (stalled ? run.stalledOpen : run.open).decrementAndGet();
    if (run.stopping && !stalled) {
      return;
    }
    Short code = w.closeStatusCode();
    String key = code == null ? "none" : code.toString();
    if (stalled) {
      run.stalledClosed.increment();
      RunState.count(run.stalledCloseCodes, key);
      return;
    }
    run.disconnects.increment();
    RunState.count(run.closeCodes, key);
    received.dropped();
    retryLater();
  }

  /** Stalled sockets start reading again at the end, so the close frames the server sent them arrive. */
  public void resumeIfStalled() {
    if (stalled && open && ws != null) {
      ws.resume();
    }
  }

  public void close() {
    if (open && ws != null) {
      ws.close(CloseCode.NORMAL, "load test done");
    }
  }

  private void onFrame(WebSocketFrame f) {
    if (authing) {
      onAuthReply(f);
      return;
    }
    if (stalled) {
      lane.stalledBytes += f.binaryData().length();
      return;
    }
    received.onFrame(f);
  }
}
