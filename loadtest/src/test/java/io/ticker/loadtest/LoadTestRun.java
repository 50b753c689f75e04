package io.ticker.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the load test's command line: its exit code and everything it printed. */
record LoadTestRun(int code, String output) {

  static LoadTestRun of(String... args) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
    int code = LoadTestMain.execute(ps, ps, args);
    return new LoadTestRun(code, buf.toString(StandardCharsets.UTF_8));
  }
}
