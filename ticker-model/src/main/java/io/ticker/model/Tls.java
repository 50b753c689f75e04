package io.ticker.model;

import io.vertx.core.net.JdkSSLEngineOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.TCPSSLOptions;
import java.util.Set;

/**
 * How every TLS endpoint of the project is set up (the service's listener, event bus and feed
 * client, the simulator's feed, the load test's clients): TLS 1.2 and 1.3 only, through OpenSSL
 * (BoringSSL, netty-tcnative) when its native library is on the classpath, else the JDK's engine.
 * Every socket encrypts its own copy of a shared frame, so the cost per byte matters: BoringSSL's
 * AES-GCM is several times cheaper than the JDK's here (docs/performance.md, "Access control and TLS").
 */
public final class Tls {

  public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

  private Tls() {
  }

  /** {@code options} with the protocols and the engine set (whether TLS is on stays the caller's). */
  public static <T extends TCPSSLOptions> T configure(T options) {
    options.setEnabledSecureTransportProtocols(PROTOCOLS);
    options.setSslEngineOptions(OpenSSLEngineOptions.isAvailable() ? new OpenSSLEngineOptions() : new JdkSSLEngineOptions());
    return options;
  }

  /** Which engine {@link #configure} picks here, for the start-up line. */
  public static String engineName() {
    return OpenSSLEngineOptions.isAvailable() ? "OpenSSL (BoringSSL)" : "JDK";
  }
}
