package io.ticker.service.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TestPki's material against real Vert.x TLS: one-way TLS with hostname verification, and mutual TLS. */
class TestPkiTest {

  @TempDir
  Path dir;
  private Vertx vertx;
  private TestPki pki;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    pki = TestPki.create(dir.resolve("pki"));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close()); // closes every server and client made on it
  }

  @Test
  void clientTrustingTheCaGets200WithHostnameVerification() throws Exception {
    Path[] server = pki.issueServer("server", "localhost", "127.0.0.1");
    int port = startServer(server, null);

    assertEquals("ok", get(client(pki.caCert(), null), port));
  }

  @Test
  void clientTrustingAnotherCaFailsTheHandshake() throws Exception {
    int port = startServer(pki.issueServer("server", "127.0.0.1"), null);
    TestPki other = TestPki.create(dir.resolve("other"));

    assertFails(client(other.caCert(), null), port, "PKIX path building failed");
  }

  @Test
  void hostnameVerificationRejectsACertificateForAnotherName() throws Exception {
    int port = startServer(pki.issueServer("server", "elsewhere.invalid", "10.9.9.9"), null);

    assertFails(client(pki.caCert(), null), port, "No subject alternative names matching IP address 127.0.0.1");
  }

  @Test
  void mutualTlsAcceptsCaIssuedClientsAndRejectsSelfSigned() throws Exception {
    int port = startServer(pki.issueServer("server", "127.0.0.1"), ClientAuth.REQUIRED);

    Path[] good = pki.issueServer("node-1", "127.0.0.1");
    assertEquals("ok CN=node-1", get(client(pki.caCert(), good), port));

    Path[] rogue = pki.selfSigned("rogue", "127.0.0.1");
    // TLS 1.3: the client learns of the rejection from the server's alert after its own handshake is done
    String rejected = "bad_certificate|certificate_required|Connection reset";
    assertFails(client(pki.caCert(), rogue), port, rejected);
    assertFails(client(pki.caCert(), null), port, rejected);
  }

  @Test
  void reissuingRotatesTheFilesAndTheSerialTheHandshakePresents() throws Exception {
    Path[] first = pki.issueServer("server", "127.0.0.1");
    BigInteger firstSerial = pki.serialOf(first[0]);
    Path[] second = pki.issueServer("server", "127.0.0.1");
    assertEquals(first[0], second[0]);
    assertEquals(first[1], second[1]);
    BigInteger secondSerial = pki.serialOf(second[0]);
    assertNotEquals(firstSerial, secondSerial);
    assertTrue(Files.readString(second[1]).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(second[1])));

    int port = startServer(second, null);
    HttpClient client = client(pki.caCert(), null);
    Promise<BigInteger> presented = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(req -> req.send())
        .map(res -> peerCertificate(res.request().connection()).getSerialNumber())
        .onComplete(presented));
    assertEquals(secondSerial, await(presented.future()));
  }

  @Test
  void jwtKeysRoundTripThroughPem() throws Exception {
    for (KeyPair keys : new KeyPair[] {TestPki.rsa(), TestPki.ec()}) {
      String alg = keys.getPublic().getAlgorithm();
      KeyFactory factory = KeyFactory.getInstance(alg);
      Path pub = TestPki.writePublicKeyPem(keys.getPublic(), dir.resolve(alg + ".pub.pem"));
      Path priv = TestPki.writePrivateKeyPem(keys.getPrivate(), dir.resolve(alg + ".key.pem"));
      assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));

      Signature signer = Signature.getInstance(alg.equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA");
      signer.initSign(factory.generatePrivate(new PKCS8EncodedKeySpec(der(priv))));
      signer.update("header.payload".getBytes());
      byte[] signature = signer.sign();
      signer.initVerify(factory.generatePublic(new X509EncodedKeySpec(der(pub))));
      signer.update("header.payload".getBytes());
      assertTrue(signer.verify(signature), alg);
    }
  }

  /** An https server on 127.0.0.1 answering "ok" plus the client certificate's subject, if any. */
  private int startServer(Path[] certAndKey, ClientAuth clientAuth) throws Exception {
    HttpServerOptions options = new HttpServerOptions().setSsl(true).setHost("127.0.0.1").setPort(0)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certAndKey[0].toString())
            .setKeyPath(certAndKey[1].toString()));
    if (clientAuth != null) {
      options.setClientAuth(clientAuth).setTrustOptions(new PemTrustOptions().addCertPath(pki.caCert().toString()));
    }
    HttpServer server = vertx.createHttpServer(options).requestHandler(req -> {
      String who = clientAuth == null ? "" : " " + peerCertificate(req.connection()).getSubjectX500Principal();
      req.response().end("ok" + who);
    });
    return await(server.listen()).actualPort();
  }

  private static X509Certificate peerCertificate(HttpConnection connection) {
    try {
      return (X509Certificate) connection.peerCertificates().get(0);
    } catch (SSLPeerUnverifiedException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpClient client(Path trustedCa, Path[] clientCertAndKey) {
    HttpClientOptions options = new HttpClientOptions().setSsl(true).setVerifyHost(true)
        .setTrustOptions(new PemTrustOptions().addCertPath(trustedCa.toString()));
    if (clientCertAndKey != null) {
      options.setKeyCertOptions(new PemKeyCertOptions().setCertPath(clientCertAndKey[0].toString())
          .setKeyPath(clientCertAndKey[1].toString()));
    }
    return vertx.createHttpClient(options);
  }

  /** GET / on 127.0.0.1, started on a Vert.x context so the body cannot be missed. */
  private String get(HttpClient client, int port) throws Exception {
    Promise<String> body = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> client.request(HttpMethod.GET, port, "127.0.0.1", "/")
        .compose(req -> req.send())
        .compose(res -> res.statusCode() == 200
            ? res.body().map(Object::toString)
            : Future.failedFuture("HTTP " + res.statusCode()))
        .onComplete(body));
    return await(body.future());
  }

  /** The request fails, and a message in its cause chain matches {@code reason} (a regex). */
  private void assertFails(HttpClient client, int port, String reason) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(client, port));
    StringBuilder chain = new StringBuilder();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      chain.append(t).append(" <- ");
    }
    assertTrue(Pattern.compile(reason).matcher(chain).find(), "expected /" + reason + "/ in " + chain);
  }

  private static byte[] der(Path pem) throws Exception {
    return Base64.getMimeDecoder().decode(Files.readString(pem).replaceAll("-----[A-Z ]+-----", ""));
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }
}
