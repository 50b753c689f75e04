package io.ticker.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.cluster.Leadership;

/** What every verticle of one node shares: its settings, its meters, who it is and who leads. */
public record NodeContext(ServiceConfig config, TickerMetrics metrics, PrometheusMeterRegistry registry, String nodeId,
                          Leadership leadership) {
}
