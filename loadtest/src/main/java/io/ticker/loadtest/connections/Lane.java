package io.ticker.loadtest.connections;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One client event loop: its connections, frame parser, scratch buffer, tick-age recorder and
 * counters. Everything here is written only from this event loop; counters are volatile so the
 * reporter thread can read them.
 */
public final class Lane extends AbstractVerticle {

  /** Highest tick age kept in the histograms: one hour, in milliseconds. */
  public static final long MAX_AGE_MS = 3_600_000L;

  final int index;
  final FrameParser parser;
  /** Count frames and bytes only (--drain-only): the client costs as little as a reader can. */
  final boolean drainOnly;
  public final SingleWriterRecorder ages = new SingleWriterRecorder(MAX_AGE_MS, 3);
  public final List<ClientConnection> connections = new ArrayList<>();
  byte[] scratch = new byte[64 * 1024];
  public Context ctx;

  public volatile long frames;
  public volatile long ticks;
  public volatile long snapshotTicks;
  /** Snapshots (and their ticks) received by connections that reconnected: what a reconnect storm costs. */
  public volatile long reconnectSnapshots;
  public volatile long reconnectSnapshotTicks;
  public volatile long reconnectSnapshotBytes;
  /** Ticks of resumed snapshots at the very seq the client said it held (--resume: should be none). */
  public volatile long reconnectSnapshotRepeats;
  /** The reconnect storm: sessions lost (not counting repeats before recovering), recovered, and ms from the drop to the first snapshot after it. */
  public volatile long drops;
  public volatile long recovered;
  public volatile long firstDropAtMillis = Long.MAX_VALUE;
  public volatile long lastRecoveredAtMillis;
  public final SingleWriterRecorder recovery = new SingleWriterRecorder(MAX_AGE_MS, 3);
  public volatile long bytes;
  public volatile long seqViolations;
  public volatile long unexpectedTicks;
  public volatile long parseErrors;
  public volatile long errorReplies;
  public volatile long statusFrames;
  public volatile long stalledBytes;

  public Lane(int index, SymbolTable symbols, boolean drainOnly) {
    this.index = index;
    this.drainOnly = drainOnly;
    this.parser = new FrameParser(symbols);
  }

  @Override
  public void start() {
    ctx = context;
  }

  byte[] scratch(int len) {
    if (scratch.length < len) {
      scratch = new byte[Math.max(len, scratch.length * 2)];
    }
    return scratch;
  }

  /** Runs {@code action} on every lane's event loop, all at once, and waits for all of them (30 s at most). */
  public static void onEach(List<Lane> lanes, Consumer<Lane> action) throws Exception {
    List<Future<Void>> all = new ArrayList<>();
    for (Lane lane : lanes) {
      Promise<Void> p = Promise.promise();
      lane.ctx.runOnContext(v -> {
        try {
          action.accept(lane);
          p.complete();
        } catch (RuntimeException e) {
          p.fail(e);
        }
      });
      all.add(p.future());
    }
    Future.all(all).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
