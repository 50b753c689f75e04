package io.ticker.loadtest.measurement;

import io.ticker.loadtest.LoadTestConfig;
import io.ticker.loadtest.connections.SymbolTable;
import io.ticker.loadtest.connections.Tokens;
import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** What all connections share: settings, clients, connection-level counters and close codes. */
public final class RunState {

  public final LoadTestConfig config;
  public final SymbolTable symbols;
  /** One client per source address (Vert.x closes clients that are garbage collected: keep them here). */
  public final List<WebSocketClient> clients;
  /** One token per connection under --jwt-secret-file, else null. */
  public final Tokens tokens;
  public final AtomicInteger open = new AtomicInteger();
  public final AtomicInteger stalledOpen = new AtomicInteger();
  public final LongAdder connected = new LongAdder();
  public final LongAdder connectFailures = new LongAdder();
  public final LongAdder disconnects = new LongAdder();
  public final LongAdder reconnects = new LongAdder();
  public final LongAdder stalledClosed = new LongAdder();
  public final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
  public final Map<String, LongAdder> stalledCloseCodes = new ConcurrentHashMap<>();
  public final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
  public final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
  /** Handshake time in microseconds. */
  public final Recorder connectTimes = new Recorder(60_000_000L, 3);
  public volatile boolean stopping;

  public RunState(LoadTestConfig config, SymbolTable symbols, List<WebSocketClient> clients, Tokens tokens) {
    this.config = config;
    this.tokens = tokens;
    this.symbols = symbols;
    this.clients = clients;
  }

  public static void count(Map<String, LongAdder> map, String key) {
    map.computeIfAbsent(key, k -> new LongAdder()).increment();
  }
}
