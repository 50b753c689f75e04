package io.ticker.loadtest.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The service's histograms read from two scrapes: what fell into the window between them, each histogram apart. */
class ServerMetricsTest {

  private static ServerMetrics scrape(long at, double under100ms, double under250ms, double all) {
    return ServerMetrics.parse("""
        # HELP ticker_tick_latency_seconds Tick event time (ts) to the write of the frame carrying it
        # TYPE ticker_tick_latency_seconds histogram
        ticker_tick_latency_seconds_bucket{le="0.1"} %s
        ticker_tick_latency_seconds_bucket{le="0.25"} %s
        ticker_tick_latency_seconds_bucket{le="+Inf"} %s
        ticker_tick_latency_seconds_count %s
        ticker_feed_age_seconds_bucket{le="0.01"} %s
        ticker_feed_age_seconds_bucket{le="+Inf"} %s
        ticker_frames_out_total 5.0
        """.formatted(under100ms, under250ms, all, all, all, all), at);
  }

  @Test
  void percentilesAreTheBucketBoundsOfTheWindowNotOfTheWholeRun() {
    ServerMetrics a = scrape(0, 10, 20, 20); // before the window: all fast
    ServerMetrics b = scrape(1_000, 100, 200, 210); // in the window: 90 under 100 ms, 90 more under 250 ms, 10 slower
    assertEquals(250.0, ServerMetrics.atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.50), "95 of 190 frames: not all in the first bucket");
    assertEquals(100.0, ServerMetrics.atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.40));
    assertNull(ServerMetrics.atMostMs(ServerMetrics::tickAgeBuckets, a, b, 0.99), "past the last finite bucket there is no bound to give");
    assertNull(ServerMetrics.atMostMs(ServerMetrics::tickAgeBuckets, b, b, 0.50), "no frame in the window");
    assertEquals(10.0, ServerMetrics.atMostMs(ServerMetrics::feedAgeBuckets, a, b, 0.99), "the feed's histogram, read apart from the tick age's");
    assertEquals(5.0, b.framesOut(), "the other meters still read");
  }
}
