package io.ticker.service.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.ticker.model.Tls;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.Logger;

/**
 * The public listener's certificate and key (PEM files), and their rotation without a restart:
 * the files are read again every {@code reloadMs}, and when their bytes changed the server takes
 * the new pair for every new handshake (open connections keep theirs). A half-written or broken
 * pair is refused by Vert.x and the old one stays in force.
 */
public final class TlsFiles {

  private static final Logger LOG = Logger.getLogger(TlsFiles.class.getName());

  private final Path cert;
  private final Path key;
  private byte[] seen;

  public TlsFiles(String certFile, String keyFile) {
    this.cert = Path.of(certFile);
    this.key = Path.of(keyFile);
    this.seen = read();
  }

  public PemKeyCertOptions keyCert() {
    return new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString());
  }

  /** Starts watching; {@code server} is any instance of the shared server (Vert.x updates the one behind them all). */
  public void watch(Vertx vertx, HttpServer server, long reloadMs) {
    vertx.setPeriodic(reloadMs, t -> {
      byte[] now = read();
      if (now == null || Arrays.equals(now, seen)) {
        return;
      }
      seen = now;
      ServerSSLOptions options = new ServerSSLOptions().setKeyCertOptions(keyCert()).setEnabledSecureTransportProtocols(Tls.PROTOCOLS);
      server.updateSSLOptions(options, true).onComplete(ar -> {
        if (ar.succeeded()) {
          LOG.info("TLS certificate reloaded from " + cert);
        } else {
          LOG.warning("TLS certificate in " + cert + " not taken, keeping the previous one: " + ar.cause().getMessage());
        }
      });
    });
  }

  private byte[] read() {
    try {
      byte[] c = Files.readAllBytes(cert);
      byte[] k = Files.readAllBytes(key);
      byte[] both = Arrays.copyOf(c, c.length + k.length);
      System.arraycopy(k, 0, both, c.length, k.length);
      return both;
    } catch (IOException e) {
      return null; // mid-rotation: try again next time
    }
  }
}
