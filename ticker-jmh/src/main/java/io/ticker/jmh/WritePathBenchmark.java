package io.ticker.jmh;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.ticker.model.TextFrameWriter;
import io.ticker.model.WireFrame;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.http.WebSocketInternal;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One frame of scenario b's size (a 1,937-byte payload) written to a real epoll WebSocket over loopback,
 * whose reader (a plain socket on its own thread) drains it: the write path per frame, kernel
 * included. {@code socket}: {@link TextFrameWriter}'s send straight to the socket while nothing is
 * queued; {@code channel}: the same frame through the Netty channel below the WebSocket encoder, a
 * reference and a flush per write, as the writer did before. The difference is what the straight
 * send saves per frame; the rest is the kernel's. Writes run on the socket's event loop, 100 per
 * hand-over from the benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WritePathBenchmark {

  private static final int FRAMES_PER_CALL = 100;
  private static final int QUEUE_BYTES = 1 << 20;

  @Param({"socket", "channel"})
  String path;

  private Vertx vertx;
  private Context loop;
  private TextFrameWriter writer;
  private ChannelHandlerContext belowEncoder;
  private WireFrame frame;
  private Socket reader;
  private Runnable writeFrames;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    HttpServer server = vertx.createHttpServer().webSocketHandler(ws -> {
      loop = Vertx.currentContext();
      writer = TextFrameWriter.of(ws, QUEUE_BYTES);
      belowEncoder = ((WebSocketInternal) ws).channelHandlerContext().pipeline().context(WebSocketFrameEncoder.class);
      accepted.complete(null);
    });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    reader = new Socket("127.0.0.1", server.actualPort());
    reader.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    Thread drain = new Thread(() -> {
      byte[] buf = new byte[1 << 16];
      try (InputStream in = reader.getInputStream()) {
        while (in.read(buf) >= 0) {
          // discard
        }
      } catch (Exception closed) {
        // the trial is over
      }
    }, "reader");
    drain.setDaemon(true);
    drain.start();
    accepted.get(10, TimeUnit.SECONDS);
    if (!vertx.isNativeTransportEnabled() || !writer.sendsToSocket()) {
      throw new IllegalStateException("needs the epoll transport, where frames go straight to the socket");
    }
    frame = WireFrame.copyOf(Buffer.buffer("{\"type\":\"update\",\"ticks\":[" + "x".repeat(1937 - 29) + "]}"));
    writeFrames = "socket".equals(path) ? this::throughWriter : this::throughChannel;
  }

  private void throughWriter() {
    for (int i = 0; i < FRAMES_PER_CALL; i++) {
      writer.write(frame);
    }
  }

  private void throughChannel() {
    for (int i = 0; i < FRAMES_PER_CALL; i++) {
      belowEncoder.writeAndFlush(frame.retainedWire(), belowEncoder.voidPromise());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    reader.close();
    frame.release();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES_PER_CALL)
  public void writeFrame() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.runOnContext(v -> {
      writeFrames.run();
      done.complete(null);
    });
    done.get(10, TimeUnit.SECONDS);
  }
}
