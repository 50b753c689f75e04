package io.ticker.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * End-of-run verification for the connections of one lane, on that lane's event loop: for every
 * open reading connection and subscribed symbol, the client's latest seq must be at least the
 * node snapshot's (taken 2 intervals + 500 ms earlier) and, when equal, the tick identical.
 */
final class FinalCheck {

  static final int MAX_SAMPLES = 10;

  long pairs;
  long stale;
  long different;
  long missingInSnapshot;
  long notOpen;
  final List<String> samples = new ArrayList<>();

  void check(ClientConnection c, SnapshotView snap, SymbolTable symbols) {
    if (c.stalled) {
      return;
    }
    if (!c.open || c.lastSeq == null) {
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
      long have = c.lastSeq[slot];
      if (have < want) {
        stale++;
        sample("conn " + c.index + " " + symbols.name(g) + ": client seq " + have + " < snapshot seq " + want);
      } else if (have == want && c.lastHash[slot] != snap.hash[g]) {
        different++;
        sample("conn " + c.index + " " + symbols.name(g) + ": seq " + have + " but the tick differs from the snapshot");
      }
    }
  }

  long mismatches() {
    return stale + different;
  }

  private void sample(String s) {
    if (samples.size() < MAX_SAMPLES) {
      samples.add(s);
    }
  }

  void add(FinalCheck o) {
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
