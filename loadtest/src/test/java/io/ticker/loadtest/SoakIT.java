package io.ticker.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.testing.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak of the bench suite ({@code bench/soak.sh}), for 2 minutes: a 3-node cluster on loopback
 * under 3,000 clients with --resume, 5% churn a minute and a stalled reader a minute. It passes
 * only if heap after GC and open fds stayed flat (the script's report compares the first and the
 * last third) and no node logged SEVERE; the load test's own objectives (no seq going backwards,
 * no final mismatch) hold too. The hour-long run is the same script with {@code --duration 1h}.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class SoakIT {

  @TempDir
  Path dir;

  @Test
  void twoMinutesOfChurnAndStalledReadersLeaveHeapAndFdsFlatAndNoSevereLine() throws Exception {
    Path results = dir.resolve("soak");
    ProcessBuilder soak = new ProcessBuilder("bash", Path.of("..", "bench", "soak.sh").toString(), "--duration", "2m")
        .redirectErrorStream(true).redirectOutput(dir.resolve("soak.out").toFile());
    soak.environment().put("BENCH_PORT", String.valueOf(Http.freePorts(4)));
    soak.environment().put("BENCH_FEED_PORT", String.valueOf(Http.freePort()));
    soak.environment().put("SOAK_CLUSTER_PORT", String.valueOf(Http.freePorts(4)));
    soak.environment().put("SOAK_RESULTS", results.toString());
    soak.environment().put("SOAK_RUN", dir.resolve("run").toString());
    Process process = soak.start();
    try {
      // soak.sh runs one benchmark at a time (flock /tmp/bench.lock): a soak or benchmark beside it goes first.
      assertTrue(process.waitFor(11, TimeUnit.MINUTES), "the 2-minute soak ended");
    } finally {
      process.destroy(); // the script's trap stops every JVM it started, by PID
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    String out = Files.readString(dir.resolve("soak.out"));
    System.out.println(out);
    assertEquals(0, process.exitValue(), "soak.sh passed (flat heap and fds, no SEVERE, load-test objectives): " + out);
    List<String> samples = Files.readAllLines(results.resolve("samples.csv"));
    assertTrue(samples.size() > 3 * 15, "sampled every node every 5 s: " + samples.size() + " lines");
    assertEquals("", Files.readString(results.resolve("severe.txt")).trim(), "no node logged SEVERE");
    assertTrue(Files.size(results.resolve("soak.svg")) > 0, "the report drew its plot");
  }
}
