package io.ticker.loadtest.checks;

import io.ticker.loadtest.connections.ClientConnection;
import io.ticker.loadtest.connections.SymbolTable;
import java.util.ArrayList;
import java.util.List;

/**
 * End-of-run verification for the connections of one lane, on that lane's event loop: for every
 * open reading connection and subscribed symbol, the client's latest seq must be at least the
 * node snapshot's (taken 2 intervals + 500 ms earlier) and, when equal, the tick identical.
 */
public final class FinalCheck {

  static final int MAX_SAMPLES = 10;

  public long pairs;
  public long stale;
  public long different;
  public long missingInSnapshot;
  public long notOpen;
  public final List<String> samples = new ArrayList<>();

  public void check(ClientConnection c, SnapshotView snap, SymbolTable symbols) {
    if (c.stalled()) {
      return;
    }
    LastSeen seen = c.seen();
    if (!c.isOpen() || seen == null || snap == null) { // snap null: its node did not answer (killed)
      notOpen++;
      return;
    }
    for (int slot = 0; slot < c.slotCount(); slot++) {
      int g = c.globalOf(slot);
      long want = snap.seq[g];
      if (want < 0) {
        missingInSnapshot++;
        continue;
      }
      pairs++;
      long have = seen.seq(slot);
      if (have < want) {
        stale++;
        sample("conn " + c.index() + " " + symbols.name(g) + ": client seq " + have + " < snapshot seq " + want);
      } else if (have == want && seen.hash(slot) != snap.hash[g]) {
        different++;
        sample("conn " + c.index() + " " + symbols.name(g) + ": seq " + have + " but the tick differs from the snapshot");
      }
    }
  }

  public long mismatches() {
    return stale + different;
  }

  private void sample(String s) {
    if (samples.size() < MAX_SAMPLES) {
      samples.add(s);
    }
  }

  public void add(FinalCheck o) {
    pairs += o.pairs;
    stale += o.stale;
    different += o.different;
    missingInSnapshot += o.missingInSnapshot;
    notOpen += o.notOpen;
    for (String s : o.samples) {
      sample(s);
    }
  }
}
