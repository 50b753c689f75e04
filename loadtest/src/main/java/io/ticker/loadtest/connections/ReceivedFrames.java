package io.ticker.loadtest.connections;

import io.ticker.loadtest.checks.LastSeen;
import io.ticker.loadtest.measurement.RunState;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.Arrays;

/**
 * What one {@link ClientConnection} receives, and its view of the market built from it: the latest
 * seq and content hash per subscribed symbol ({@link LastSeen}), each tick checked against it, and
 * its lane's counts of what came (frames, ticks and their ages, snapshots, the recovery after a
 * drop). Lives as long as the connection, across its sessions; runs on its lane's event loop.
 */
final class ReceivedFrames {

  private final RunState run;
  private final Lane lane;
  /** Sorted global symbol indexes, or null for "*". */
  private final int[] symbols;
  /** Latest seq and tick per subscribed symbol; null until the first session. */
  private LastSeen seen;
  /** The session now is a reconnect: its snapshots count as the reconnect's cost. */
  private boolean reconnected;
  /** When the open session was lost (System.nanoTime), 0 when current: cleared by the first snapshot after the reconnect. */
  private volatile long droppedAtNanos;
  /** The first fragments of a message whose last has not come. */
  private Buffer pending;

  ReceivedFrames(RunState run, Lane lane, int[] symbols) {
    this.run = run;
    this.lane = lane;
    this.symbols = symbols;
  }

  /** Sorted global symbol indexes, or null for "*". */
  int[] symbols() {
    return symbols;
  }

  LastSeen seen() {
    return seen;
  }

  int slotCount() {
    return symbols == null ? run.symbols.size() : symbols.length;
  }

  int globalOf(int slot) {
    return symbols == null ? slot : symbols[slot];
  }

  private int slotOf(int global) {
    return symbols == null ? global : Arrays.binarySearch(symbols, global);
  }

  /** A socket is being opened: a message cut off on the last one is dropped. */
  void newSocket() {
    pending = null;
  }

  /**
   * A session was established; whether it is a reconnect (there was one before). A reconnect
   * without --resume starts its view afresh from the snapshot; with it, what was seen stays, and so
   * does its seq check.
   */
  boolean newSession() {
    reconnected = seen != null;
    if (seen == null) {
      seen = new LastSeen(slotCount());
    } else if (!run.config.o().resume) {
      seen.reset();
    }
    return reconnected;
  }

  /** The open session was lost: counted once until the next session's first snapshot. */
  void dropped() {
    if (droppedAtNanos == 0) {
      droppedAtNanos = System.nanoTime();
      lane.firstDropAtMillis = Math.min(lane.firstDropAtMillis, System.currentTimeMillis());
      lane.drops++;
    }
  }

  /** Whether the session was lost and no snapshot has come since. */
  boolean awaitingRecovery() {
    return droppedAtNanos != 0;
  }

  /** A data frame (text, binary or a continuation) of the session. */
  void onFrame(WebSocketFrame f) {
    if (f.isText() || f.isBinary()) {
      if (f.isFinal()) {
        handle(f.binaryData());
      } else {
        pending = f.binaryData().copy();
      }
    } else if (f.isContinuation() && pending != null) {
      pending.appendBuffer(f.binaryData());
      if (f.isFinal()) {
        Buffer whole = pending;
        pending = null;
        handle(whole);
      }
    }
  }

  /** The lane's parser over {@code data} (copied into the lane's scratch array), or null when it is not a frame we can read. */
  FrameParser parse(Buffer data) {
    int len = data.length();
    byte[] buf = lane.scratch(len);
    data.getBytes(0, len, buf, 0);
    FrameParser p = lane.parser;
    try {
      p.parse(buf, 0, len);
      return p;
    } catch (Exception e) {
      lane.parseErrors++;
      return null;
    }
  }

  private void handle(Buffer data) {
    if (lane.drainOnly) {
      lane.bytes += data.length();
      lane.frames++;
      return;
    }
    lane.bytes += data.length();
    FrameParser p = parse(data);
    if (p == null) {
      return;
    }
    switch (p.type) {
      case FrameParser.UPDATE -> {
        long now = System.currentTimeMillis();
        for (int i = 0; i < p.count; i++) {
          apply(p, i, false);
          long age = now - p.ts[i];
          lane.ages.recordValue(age < 0 ? 0 : Math.min(age, Lane.MAX_AGE_MS));
        }
        lane.frames++;
        lane.ticks += p.count;
      }
      case FrameParser.SNAPSHOT -> {
        boolean resumed = reconnected && run.config.o().resume;
        for (int i = 0; i < p.count; i++) {
          apply(p, i, resumed);
        }
        lane.snapshotTicks += p.count;
        if (reconnected) {
          lane.reconnectSnapshots++;
          lane.reconnectSnapshotTicks += p.count;
          lane.reconnectSnapshotBytes += data.length();
          if (droppedAtNanos != 0) {
            // current again: from the drop to the first snapshot of the new session
            long ms = (System.nanoTime() - droppedAtNanos) / 1_000_000;
            droppedAtNanos = 0;
            lane.recovery.recordValue(Math.min(ms, Lane.MAX_AGE_MS));
            lane.recovered++;
            lane.lastRecoveredAtMillis = Math.max(lane.lastRecoveredAtMillis, System.currentTimeMillis());
          }
        }
      }
      case FrameParser.ERROR -> {
        lane.errorReplies++;
        RunState.count(run.errorCodes, String.valueOf(p.code));
      }
      case FrameParser.STATUS -> lane.statusFrames++;
      default -> { }
    }
  }

  /** Tick {@code i} of {@code p} through the seq check; {@code resumed}: of a snapshot after a resuming subscribe. */
  private void apply(FrameParser p, int i, boolean resumed) {
    int g = p.sym[i];
    int slot = g < 0 ? -1 : slotOf(g);
    if (slot < 0) {
      lane.unexpectedTicks++;
      return;
    }
    if (resumed && seen.holds(slot, p.seq[i])) {
      lane.reconnectSnapshotRepeats++; // the client had said it holds this seq: resume should have left it out
    }
    if (!seen.accept(slot, p.seq[i], p.hash[i])) {
      lane.seqViolations++;
    }
  }
}
