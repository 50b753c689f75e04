package io.ticker.service.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for TLS, mutual TLS and JWT tests: a CA and the certificates and keys it signs,
 * all made at run time (no committed keys, no openssl). Certificates are X.509 v3 with EC P-256 keys,
 * signed SHA256withECDSA; {@link #rsa()} and {@link #ec()} make JWT keys. Files are PEM: private
 * keys PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}, mode 600), public keys SubjectPublicKeyInfo
 * ({@code -----BEGIN PUBLIC KEY-----}), certificates and public keys mode 644.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create(tempDir);
 * Path[] node = pki.issueServer("node-1", "localhost", "127.0.0.1");   // {node-1.crt, node-1.key}
 * new PemKeyCertOptions().setCertPath(node[0].toString()).setKeyPath(node[1].toString());
 * new PemTrustOptions().addCertPath(pki.caCert().toString());
 * }</pre>
 *
 * <p>Uses the JDK's own providers for keys and signatures (it registers no security provider), and
 * Bouncy Castle only to build certificates.
 */
public final class TestPki {

  /** Every certificate is valid from an hour ago (clock skew); a leaf until a day from now. */
  public static final Duration BACKDATE = Duration.ofHours(1);
  public static final Duration LEAF_VALIDITY = Duration.ofDays(1);
  private static final Duration CA_VALIDITY = Duration.ofDays(7);
  /** Used when a certificate is issued with no SubjectAltName at all. */
  private static final String[] DEFAULT_SANS = {"localhost", "127.0.0.1"};
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path dir;
  private final KeyPair caKeys;
  private final X509Certificate ca;
  private final Path caCert;

  private TestPki(Path dir, KeyPair caKeys, X509Certificate ca, Path caCert) {
    this.dir = dir;
    this.caKeys = caKeys;
    this.ca = ca;
    this.caCert = caCert;
  }

  /** A fresh CA ("CN=Ticker Test CA ...", self-signed, basicConstraints CA) written to {@code dir/ca.crt}. */
  public static TestPki create(Path dir) {
    KeyPair keys = ec();
    X500Name name = new X500Name("CN=Ticker Test CA " + Long.toHexString(RANDOM.nextLong()));
    X509Certificate ca = certificate(name, keys, null, keys, CA_VALIDITY, null);
    return new TestPki(dir, keys, ca, writeCert(ca, dir.resolve("ca.crt")));
  }

  /** The CA certificate (PEM), to trust. */
  public Path caCert() {
    return caCert;
  }

  /**
   * A certificate for {@code CN=name} signed by this CA, usable as a TLS server and as a TLS client
   * (EKU serverAuth + clientAuth: cluster nodes use one certificate both ways). Each SAN that is an
   * IP literal becomes an IP address, anything else a DNS name; none given means localhost and
   * 127.0.0.1. Writes {@code name.key} then {@code name.crt}, each atomically replacing an earlier
   * one, so issuing the same name again rotates the certificate (with a new key and serial).
   *
   * @return {certPath, keyPath}
   */
  public Path[] issueServer(String name, String... sans) {
    return issue(name, sans, false);
  }

  /** Like {@link #issueServer} but self-signed: a certificate this CA never saw (the rogue node). */
  public Path[] selfSigned(String name, String... sans) {
    return issue(name, sans, true);
  }

  private Path[] issue(String name, String[] sans, boolean selfSigned) {
    KeyPair keys = ec();
    X509Certificate cert = selfSigned
        ? certificate(new X500Name("CN=" + name), keys, null, keys, LEAF_VALIDITY, sans)
        : certificate(new X500Name("CN=" + name), keys, ca, caKeys, LEAF_VALIDITY, sans);
    Path key = writePrivateKeyPem(keys.getPrivate(), dir.resolve(name + ".key"));
    return new Path[] {writeCert(cert, dir.resolve(name + ".crt")), key};
  }

  /**
   * Builds and signs one certificate: a CA when {@code sans} is null, else a TLS server+client leaf.
   * {@code issuer} null means self-signed (signed by {@code subjectKeys} itself).
   */
  private static X509Certificate certificate(X500Name subject, KeyPair subjectKeys, X509Certificate issuer,
      KeyPair issuerKeys, Duration validity, String[] sans) {
    try {
      Instant now = Instant.now();
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X500Name issuerName = issuer == null
          ? subject
          : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, newSerial(),
          Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, subjectKeys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(sans == null))
          .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false, issuer == null
              ? ext.createAuthorityKeyIdentifier(subjectKeys.getPublic())
              : ext.createAuthorityKeyIdentifier(issuer));
      if (sans == null) {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      } else {
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
            .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
            .addExtension(Extension.subjectAlternativeName, false, subjectAltNames(sans));
      }
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot make certificate " + subject, e);
    }
  }

  /** The serial number of the (first) certificate in a PEM file. */
  public BigInteger serialOf(Path certPem) {
    try (InputStream in = Files.newInputStream(certPem)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in)).getSerialNumber();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh RSA 2048 key pair (JWT RS256). */
  public static KeyPair rsa() {
    return generate("RSA", null);
  }

  /** A fresh EC P-256 key pair (JWT ES256). */
  public static KeyPair ec() {
    return generate("EC", new ECGenParameterSpec("secp256r1"));
  }

  /** Writes {@code -----BEGIN PUBLIC KEY-----} (X.509 SubjectPublicKeyInfo); returns {@code file}. */
  public static Path writePublicKeyPem(PublicKey key, Path file) {
    return writePem("PUBLIC KEY", key.getEncoded(), file);
  }

  /** Writes {@code -----BEGIN PRIVATE KEY-----} (unencrypted PKCS#8); returns {@code file}. */
  public static Path writePrivateKeyPem(PrivateKey key, Path file) {
    return writePem("PRIVATE KEY", key.getEncoded(), file);
  }

  private static KeyPair generate(String algorithm, ECGenParameterSpec curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve != null) {
        generator.initialize(curve, RANDOM);
      } else {
        generator.initialize(2048, RANDOM);
      }
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GeneralNames subjectAltNames(String[] sans) {
    String[] names = sans.length == 0 ? DEFAULT_SANS : sans;
    GeneralName[] general = new GeneralName[names.length];
    for (int i = 0; i < names.length; i++) {
      boolean ip = IPV4.matcher(names[i]).matches() || names[i].contains(":");
      general[i] = new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, names[i]);
    }
    return new GeneralNames(general);
  }

  /** Positive, 127 bits: distinct for every certificate, so a rotation is always visible. */
  private static BigInteger newSerial() {
    return new BigInteger(126, RANDOM).setBit(126);
  }

  private static Path writeCert(X509Certificate cert, Path file) {
    try {
      return writePem("CERTIFICATE", cert.getEncoded(), file);
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes PEM through a temporary file and an atomic rename: a reader never sees half a file. */
  private static Path writePem(String type, byte[] der, Path file) {
    String pem = "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
    try {
      Path absolute = file.toAbsolutePath();
      Files.createDirectories(absolute.getParent());
      Path tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
      Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(
          type.equals("PRIVATE KEY") ? "rw-------" : "rw-r--r--"));
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
