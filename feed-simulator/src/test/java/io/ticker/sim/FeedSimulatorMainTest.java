package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class FeedSimulatorMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return FeedSimulatorMain.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
  }

  @Test
  void unknownOptionExitsNonZeroWithOneLine() {
    assertEquals(2, run("--bogus"));
    assertOneLine("Unknown option: '--bogus'");
  }

  @Test
  void nonNumberExitsNonZeroWithOneLine() {
    assertEquals(2, run("--rate", "fast"));
    assertOneLine("'fast' is not an int");
  }

  @Test
  void outOfRangeExitsNonZeroWithOneLine() {
    assertEquals(2, run("--symbols", "200000"));
    assertOneLine("symbols must be between 1 and 100000, got 200000");
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    for (String option : new String[] {"--host", "--port", "--rate", "--symbols", "--seed", "--batch-ms",
        "--burst-every", "--burst-factor", "--burst-ms", "--version"}) {
      assertTrue(help.contains(option), option);
    }
    for (String env : new String[] {"FEED_HOST", "FEED_PORT", "FEED_RATE", "FEED_SYMBOLS", "FEED_SEED",
        "FEED_BATCH_MS", "FEED_BURST_EVERY", "FEED_BURST_FACTOR", "FEED_BURST_MS"}) {
      assertTrue(help.replaceAll("\\s+", " ").contains(env), env);
    }
  }

  private void assertOneLine(String expected) {
    String message = err.toString().strip();
    assertTrue(message.contains(expected), message);
    assertEquals(1, message.lines().count(), message);
  }
}
