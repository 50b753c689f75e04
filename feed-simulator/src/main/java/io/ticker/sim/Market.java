package io.ticker.sim;

import io.ticker.model.SymbolInfo;
import io.ticker.model.Tick;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated exchange: a universe of symbols and their prices. Pure Java, single-threaded,
 * and deterministic: the same seed, start time and sequence of {@link #next} timestamps always
 * yield the same ticks.
 */
public final class Market {

  private static final long DAY_MS = 86_400_000L;
  // Upper bound of 24 h bars held across all symbols (4 longs each): a big universe gets
  // coarser bars instead of gigabytes of history.
  private static final long BAR_BUDGET = 1_500_000;

  private final long seed;
  private final SplittableRandom random;
  private final List<SymbolInfo> symbols;
  private final SymbolState[] states;
  private final double[] cumulativeWeight;

  /** A market whose 24 h history ends at {@code startMs}, when every symbol prints its first tick (seq 1). */
  public Market(SimulatorConfig config, long startMs) {
    this.seed = config.seed() != null ? config.seed() : new SplittableRandom().nextLong();
    this.random = new SplittableRandom(seed);
    List<SymbolSpec> universe = Universe.of(config.symbols(), random);

    this.cumulativeWeight = new double[universe.size()];
    double totalWeight = 0;
    for (int i = 0; i < universe.size(); i++) {
      totalWeight += universe.get(i).weight();
      cumulativeWeight[i] = totalWeight;
    }

    long barMs = barMinutes(universe.size()) * 60_000L;
    int bars = (int) (DAY_MS / barMs);
    List<SymbolInfo> infos = new ArrayList<>(universe.size());
    this.states = new SymbolState[universe.size()];
    for (int i = 0; i < universe.size(); i++) {
      SymbolSpec spec = universe.get(i);
      double ticksPerSecond = config.rate() * spec.weight() / totalWeight;
      states[i] = new SymbolState(spec, ticksPerSecond, barMs, bars, startMs, random);
      infos.add(spec.info());
    }
    this.symbols = List.copyOf(infos);
  }

  /** The seed actually used (drawn at random when the config has none), to reproduce this run. */
  public long seed() {
    return seed;
  }

  public List<SymbolInfo> symbols() {
    return symbols;
  }

  /** The next tick: a symbol picked by liquidity weight trades at {@code nowMs}. */
  public Tick next(long nowMs) {
    double point = random.nextDouble() * cumulativeWeight[cumulativeWeight.length - 1];
    int found = Arrays.binarySearch(cumulativeWeight, point);
    int index = found >= 0 ? Math.min(found + 1, states.length - 1) : -found - 1;
    return states[index].trade(nowMs, random);
  }

  /** The latest tick of every symbol, in universe order. */
  public List<Tick> snapshot() {
    List<Tick> latest = new ArrayList<>(states.length);
    for (SymbolState state : states) {
      latest.add(state.latest());
    }
    return latest;
  }

  /** The smallest bar length dividing the day that keeps the universe's history within budget. */
  static int barMinutes(int symbolCount) {
    for (int minutes = 1; minutes < 1440; minutes++) {
      if (1440 % minutes == 0 && (long) symbolCount * (1440 / minutes) <= BAR_BUDGET) {
        return minutes;
      }
    }
    return 1440;
  }
}
