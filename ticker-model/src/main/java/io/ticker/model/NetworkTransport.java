package io.ticker.model;

import io.vertx.core.transport.Transport;
import java.util.List;
import java.util.Locale;

/**
 * The socket transport a node runs on ({@code --transport}): Linux io_uring (many sockets' writes
 * in one submission), epoll, or the JDK's NIO. {@code auto} takes the first of them this machine
 * can run.
 */
public enum NetworkTransport {
  AUTO(List.of(Transport.EPOLL, Transport.IO_URING, Transport.NIO)),
  IO_URING(List.of(Transport.IO_URING)),
  EPOLL(List.of(Transport.EPOLL)),
  NIO(List.of(Transport.NIO));

  private final List<Transport> candidates;

  NetworkTransport(List<Transport> candidates) {
    this.candidates = candidates;
  }

  /** The flag's value ({@code auto}, {@code io_uring}, {@code epoll}, {@code nio}), or null. */
  public static NetworkTransport parse(String flag) {
    for (NetworkTransport t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(flag)) {
        return t;
      }
    }
    return null;
  }

  /** The transport to run on; fails, saying why, when one named explicitly is not available here. */
  public Transport resolve() {
    for (Transport transport : candidates) {
      if (transport.available()) {
        return transport;
      }
    }
    Throwable why = candidates.get(0).unavailabilityCause();
    throw new IllegalStateException("--transport " + name().toLowerCase(Locale.ROOT) + " is not available here"
        + (why == null ? "" : ": " + why.getMessage()), why);
  }
}
