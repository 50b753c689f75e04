package io.ticker.loadtest;

import io.ticker.loadtest.checks.Objectives;
import io.ticker.loadtest.connections.Causes;
import io.ticker.loadtest.measurement.Results;
import io.ticker.loadtest.reporting.HtmlReport;
import io.ticker.loadtest.reporting.Report;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code java -jar loadtest.jar --url ws://127.0.0.1:8080/ws --connections N …}. Exit codes: 0 all
 * objectives met, 1 an objective failed, 2 bad options, 3 the run could not be carried out.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true, version = "ticker loadtest 1.0",
    sortOptions = false, showDefaultValues = true,
    description = "Drives the Ticker WebSocket protocol with many connections and checks latency, throughput, "
        + "seq order and final values.%nEvery option can be set by the environment variable shown in brackets.%n"
        + "Exit codes: 0 pass, 1 an objective failed, 2 bad options, 3 the run could not be carried out.")
public final class LoadTestMain implements Callable<Integer> {

  public static final int PASS = 0;
  public static final int FAILED_OBJECTIVE = 1;
  public static final int BAD_OPTIONS = 2;
  public static final int RUN_ERROR = 3;

  @Mixin LoadTestOptions options = new LoadTestOptions();
  private final PrintStream out;
  private final PrintStream err;

  LoadTestMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(System.out, System.err, args));
  }

  /** Runs the load test without exiting the JVM; returns the exit code. */
  public static int execute(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = new CommandLine(new LoadTestMain(out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setParameterExceptionHandler((e, a) -> {
      err.println("loadtest: " + e.getMessage() + " (try --help)");
      return BAD_OPTIONS;
    });
    cl.setExecutionExceptionHandler((e, c, p) -> {
      err.println("loadtest: " + Causes.rootMessage(e));
      return RUN_ERROR;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    LoadTestConfig config;
    try {
      config = LoadTestConfig.from(options);
    } catch (IllegalArgumentException e) {
      err.println("loadtest: " + e.getMessage());
      return BAD_OPTIONS;
    }
    Results r;
    try {
      r = new LoadTestRunner(config, out).run();
    } catch (IllegalArgumentException e) {
      err.println("loadtest: " + e.getMessage());
      return BAD_OPTIONS;
    } catch (LoadTestRunner.RunFailure e) {
      err.println("loadtest: " + e.getMessage());
      return RUN_ERROR;
    }
    r.failures = Objectives.evaluate(r);
    out.print(Report.text(r));
    if (options.out != null && !options.out.isBlank()) {
      Report.writeJson(r, Path.of(options.out));
      out.println("JSON report: " + options.out);
    }
    if (options.html != null && !options.html.isBlank()) {
      HtmlReport.write(r, Path.of(options.html));
      out.println("HTML report: " + options.html);
    }
    return r.failures.isEmpty() ? PASS : FAILED_OBJECTIVE;
  }
}
