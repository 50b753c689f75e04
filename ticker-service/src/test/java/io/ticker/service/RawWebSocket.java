package io.ticker.service;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare-socket WebSocket client that reads only when told to: the way to be a stalled reader,
 * or a client that never answers pings. Speaks just enough RFC 6455 for that.
 */
final class RawWebSocket implements AutoCloseable {

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  long bytesRead;

  RawWebSocket(int port, int receiveBufferBytes) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(receiveBufferBytes);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(15_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      head.append((char) in.readUnsignedByte());
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("handshake refused: " + head);
    }
  }

  /** Sends one masked text frame (clients must mask). */
  void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i & 3]);
    }
    out.flush();
  }

  /**
   * Reads frames until a close frame, returning its status code; -1 if the peer hung up (EOF or
   * reset). Throws {@link java.net.SocketTimeoutException} if neither happens within 15 s.
   */
  int readUntilClose() throws IOException {
    try {
      while (true) {
        int opcode = in.readUnsignedByte() & 0x0f;
        long length = in.readUnsignedByte() & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        bytesRead += 2 + length;
        if (opcode == 0x8) {
          int code = length >= 2 ? in.readUnsignedShort() : 1005;
          skip(length - Math.min(length, 2)); // the reason: the next read starts at the next frame (or EOF)
          return code;
        }
        skip(length);
      }
    } catch (EOFException | java.net.SocketException e) {
      return -1;
    }
  }

  private void skip(long n) throws IOException {
    InputStream stream = in;
    while (n > 0) {
      long skipped = stream.skip(n);
      if (skipped <= 0) {
        if (stream.read() < 0) {
          throw new EOFException();
        }
        skipped = 1;
      }
      n -= skipped;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
