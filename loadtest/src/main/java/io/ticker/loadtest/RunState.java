package io.ticker.loadtest;

import io.vertx.core.http.WebSocketClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/** What all connections share: settings, clients, connection-level counters and close codes. */
final class RunState {

  final LoadTestConfig config;
  final SymbolTable symbols;
  /** One client per source address (Vert.x closes clients that are garbage collected: keep them here). */
  final List<WebSocketClient> clients;
  /** One token per connection under --jwt-secret-file, else null. */
  final Tokens tokens;
  final AtomicInteger open = new AtomicInteger();
  final AtomicInteger stalledOpen = new AtomicInteger();
  final LongAdder connected = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder disconnects = new LongAdder();
  final LongAdder reconnects = new LongAdder();
  final LongAdder stalledClosed = new LongAdder();
  final Map<String, LongAdder> closeCodes = new ConcurrentHashMap<>();
  final Map<String, LongAdder> stalledCloseCodes = new ConcurrentHashMap<>();
  final Map<String, LongAdder> connectErrors = new ConcurrentHashMap<>();
  final Map<String, LongAdder> errorCodes = new ConcurrentHashMap<>();
  /** Handshake time in microseconds. */
  final Recorder connectTimes = new Recorder(60_000_000L, 3);
  volatile boolean stopping;

  RunState(LoadTestConfig config, SymbolTable symbols, List<WebSocketClient> clients, Tokens tokens) {
    this.config = config;
    this.tokens = tokens;
    this.symbols = symbols;
    this.clients = clients;
  }

  static void count(Map<String, LongAdder> map, String key) {
    map.computeIfAbsent(key, k -> new LongAdder()).increment();
  }
}
