package io.ticker.loadtest.connections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's soft limit of open files (Linux /proc/self/limits); -1 when unknown. */
public final class FdLimit {

  private FdLimit() {
  }

  public static long maxOpenFiles() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return "unlimited".equals(soft) ? -1 : Long.parseLong(soft);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no check
    }
    return -1;
  }
}
