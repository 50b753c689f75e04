package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reader that stops reading costs the server a bounded amount and nobody else anything. */
class SlowConsumerTest {

  @Test
  void aStalledReaderIsConflatedThenClosedWith1013WhileAHealthyClientKeepsItsCadence() throws Exception {
    TickerNode node = TestSupport.startNode("--sim-rate", "20000", "--sim-symbols", "2000", "--sim-seed", "9",
        "--fanout-instances", "2", "--slow-consumer-grace-ms", "1500", "--write-queue-bytes", "65536", "--lag-probe-ms", "300");
    Vertx vertx = Vertx.vertx();
    try {
      TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200, Duration.ofSeconds(10), "ready");
      WsClient healthy = WsClient.connect(vertx, node.httpPort());
      healthy.send("{\"op\":\"subscribe\",\"symbols\":[\"BTC-USD\",\"ETH-USD\"],\"intervalMs\":100}");
      healthy.next("snapshot");

      // A client whose application stops reading while its TCP stack keeps taking bytes: only the
      // unanswered pings give it away.
      WsClient paused = WsClient.connect(vertx, node.httpPort());
      paused.send("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
      paused.next("snapshot");
      paused.pause();
      TestSupport.until(() -> TestSupport.metric(node.httpPort(), "ticker_slow_consumer_closes_total") == 1,
          Duration.ofSeconds(10), "the paused reader is closed for not answering pings");

      long skippedBefore = (long) TestSupport.metric(node.httpPort(), "ticker_frames_skipped_total");
      try (RawWebSocket stalled = new RawWebSocket(node.httpPort(), 4096)) {
        // Every symbol every 50 ms: ~0.5 MB frames, far more than a reader that never reads can take.
        stalled.sendText("{\"op\":\"subscribe\",\"symbols\":[\"*\"],\"intervalMs\":50}");
        long stallStart = System.currentTimeMillis();
        TestSupport.until(() -> TestSupport.metric(node.httpPort(), "ticker_slow_consumer_closes_total") == 2,
            Duration.ofSeconds(10), "the stalled reader is closed");
        long closedAfter = System.currentTimeMillis() - stallStart;
        assertTrue(closedAfter >= 1500, "not before the grace period: " + closedAfter);
        assertTrue(TestSupport.metric(node.httpPort(), "ticker_frames_skipped_total") > skippedBefore, "flushes were skipped (conflated) while it was behind");

        // Memory stayed bounded: all the server ever queued for it is a few frames, not 20000 ticks/s.
        int code = stalled.readUntilClose();
        assertTrue(code == 1013 || code == -1, "closed with 1013 (or hung up after the closing timeout): " + code);
        assertTrue(stalled.bytesRead < 8 * 1024 * 1024, "bounded bytes were queued for the stalled reader: " + stalled.bytesRead);
      }
      // Both non-readers are gone at the TCP level too (neither would ever read our close frame).
      TestSupport.until(() -> TestSupport.metric(node.httpPort(), "ticker_connections") == 1, Duration.ofSeconds(10), "connections released");

      // The healthy client kept its 100 ms cadence throughout.
      List<WsClient.Received> updates = healthy.ofType("update");
      assertTrue(updates.size() >= 15, "healthy client got updates: " + updates.size());
      long worstGap = 0;
      for (int i = 1; i < updates.size(); i++) {
        worstGap = Math.max(worstGap, updates.get(i).atMs() - updates.get(i - 1).atMs());
      }
      assertTrue(worstGap < 400, "healthy client's worst gap " + worstGap + " ms at a 100 ms interval");
      assertEquals(null, healthy.closeCode);
      healthy.close();
    } finally {
      await(node.stop());
      await(vertx.close());
    }
  }
}
