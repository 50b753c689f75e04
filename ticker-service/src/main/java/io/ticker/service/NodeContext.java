package io.ticker.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What every verticle of one node shares: its settings, its meters and who it is. */
public record NodeContext(ServiceConfig config, TickerMetrics metrics, PrometheusMeterRegistry registry, String nodeId) {
}
