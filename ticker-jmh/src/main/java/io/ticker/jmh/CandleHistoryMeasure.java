package io.ticker.jmh;

import io.ticker.service.ServiceConfig.ClusterSettings;
import io.ticker.service.bus.TickBatch;
import io.ticker.service.bus.TickEvent;
import io.ticker.service.bus.Trade;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.candles.CandleDepths;
import io.ticker.service.candles.CandleSync;
import io.ticker.service.cluster.HazelcastSetup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candle history at full default depth (every ring full, as after a week of ticks), measured
 * without JMH: fills a {@link CandleBook} with N symbols and prints {@code bytes()} and the heap it
 * took after GC, then moves it with {@link CandleSync} to a second clustered Vert.x in this JVM,
 * over the real event bus (Hazelcast, TCP on loopback), and prints the time and the largest
 * message. Numbers in README.md, "Candles".
 * <pre>
 *   java -Xmx8g -cp ticker-jmh/target/ticker-jmh.jar io.ticker.jmh.CandleHistoryMeasure 10000 [--no-sync]
 * </pre>
 */
public final class CandleHistoryMeasure {

  private CandleHistoryMeasure() {
  }

  public static void main(String[] args) throws Exception {
    int symbols = Integer.parseInt(args[0]);
    List<String> names = new ArrayList<>(symbols);
    for (int i = 0; i < symbols; i++) {
      names.add("SYM" + i);
    }
    long heapBefore = usedHeapAfterGc();
    CandleBook book = fullBook(names, System.currentTimeMillis());
    long heapAfter = usedHeapAfterGc();
    System.out.printf("%,d symbols at default depths %s: bytes() %,d (%,d per symbol), heap after GC +%,d%n",
        symbols, CandleDepths.DEFAULT, book.bytes(), book.bytes() / symbols, heapAfter - heapBefore);
    if (args.length < 2 || !args[1].equals("--no-sync")) {
      sync(book, names);
    }
  }

  /** Every ring full: one tick per second of the last 10 min, per minute of a day, per 5 min of two days, per hour of a week. */
  private static CandleBook fullBook(List<String> names, long now) {
    TreeSet<Long> times = new TreeSet<>();
    CandleDepths depths = CandleDepths.DEFAULT;
    for (long[] step : new long[][] {{1_000, depths.s1()}, {60_000, depths.m1()}, {300_000, depths.m5()}, {3_600_000, depths.h1()}}) {
      for (long i = 0; i < step[1]; i++) {
        times.add(now - i * step[0]);
      }
    }
    CandleBook book = new CandleBook(depths);
    byte[] json = new byte[0];
    Trade trade = new Trade(4_325_012_000_000L, 1_500_000L, 2, 4);
    for (String name : names) {
      List<TickEvent> ticks = new ArrayList<>(times.size());
      long seq = 0;
      for (long ts : times) {
        ticks.add(new TickEvent(name, ++seq, ts, json, trade));
      }
      book.accept(new TickBatch(ticks));
    }
    return book;
  }

  private static void sync(CandleBook source, List<String> names) throws Exception {
    Vertx leader = clustered("leader", 15701);
    Vertx joiner = clustered("joiner", 15702);
    AtomicLong largest = new AtomicLong();
    AtomicLong messages = new AtomicLong();
    joiner.eventBus().addInboundInterceptor(ctx -> {
      if (ctx.message().body() instanceof Buffer reply) {
        largest.accumulateAndGet(reply.length(), Math::max);
        messages.incrementAndGet();
      }
      ctx.next();
    });
    await(CandleSync.serve(leader.eventBus(), source).completion());
    CandleBook copy = new CandleBook(CandleDepths.DEFAULT);
    long start = System.nanoTime();
    Promise<Void> done = Promise.promise();
    joiner.getOrCreateContext().runOnContext(v -> CandleSync.fetch(joiner.eventBus(), copy, names).onComplete(done));
    await(done.future());
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("sync of %,d bytes of history: %,d ms, %,d replies, largest %,d bytes; copy holds %,d bytes%n",
        source.bytes(), ms, messages.get(), largest.get(), copy.bytes());
    await(joiner.close());
    await(leader.close());
  }

  private static Vertx clustered(String id, int port) throws Exception {
    // Two members in one JVM with gigabytes of history: a GC pause must not count as a dead member.
    ClusterSettings settings = new ClusterSettings("candle-measure", "127.0.0.1", port, List.of("127.0.0.1:15701", "127.0.0.1:15702"),
        null, 60, 1, 0, null, null, null);
    return await(Vertx.builder().withClusterManager(new HazelcastClusterManager(HazelcastSetup.config(settings, id))).buildClustered());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
