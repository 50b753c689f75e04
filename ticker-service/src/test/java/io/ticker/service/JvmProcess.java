package io.ticker.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A jar of this build running in its own JVM, its output in target/it-logs; stopped by its own PID only. */
final class JvmProcess implements AutoCloseable {

  final String name;
  private final Process process;

  private JvmProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static JvmProcess start(String name, Path jar, String... args) throws IOException {
    Path logs = Path.of("target", "it-logs");
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(logs.toFile(), name + ".log")))
        .start();
    return new JvmProcess(name, process);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** kill -9: no goodbye to the cluster, no close frames. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, the graceful way; returns the exit code. */
  int terminate() throws InterruptedException {
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
