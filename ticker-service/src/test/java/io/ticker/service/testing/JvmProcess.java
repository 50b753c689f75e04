package io.ticker.service.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A jar of this build running in its own JVM, its output in target/it-logs; stopped by its own PID only. */
public final class JvmProcess implements AutoCloseable {

  public final String name;
  private final Process process;

  private JvmProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * The JVM run under a command prefix, e.g. {@code ip netns exec NS} (which execs: the PID is the
   * JVM's), with {@code jvmOptions} after the suite's own.
   */
  public static JvmProcess start(List<String> prefix, List<String> jvmOptions, String name, Path jar, String... args) throws IOException {
    Path logs = Path.of("target", "it-logs");
    Files.createDirectories(logs);
    // Temp files (Vert.x's file cache among them) under target/: a node killed with -9 never deletes its own.
    Path tmp = Files.createDirectories(Path.of("target", "it-tmp")).toAbsolutePath();
    List<String> command = new ArrayList<>(prefix);
    // Each collection and its pause, beside the log: a node that went quiet for seconds either paused or starved.
    String gcLog = logs.toAbsolutePath().resolve(name + "-gc.log").toString();
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC",
        "-Xlog:gc,safepoint:file=" + gcLog + ":time", "-Djava.io.tmpdir=" + tmp));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(logs.toFile(), name + ".log")))
        .start();
    return new JvmProcess(name, process);
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGSTOP (a frozen process: sockets stay open, nothing is answered) or SIGCONT, to this PID only. */
  public void signal(String signal) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + signal + " " + process.pid() + " exited " + exit);
    }
  }

  /** kill -9: no goodbye to the cluster, no close frames. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, the graceful way; returns the exit code. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
