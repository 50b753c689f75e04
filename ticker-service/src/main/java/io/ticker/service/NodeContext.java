package io.ticker.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticker.service.auth.AuthAudit;
import io.ticker.service.auth.TokenVerifier;
import io.ticker.service.candles.CandleBook;
import io.ticker.service.cluster.Leadership;
import io.ticker.service.edge.Admission;

/**
 * What every verticle of one node shares: its settings, its meters, who it is and who leads, who
 * may connect ({@link Admission}), how tokens are checked ({@code verifier} null = auth none) and
 * the node's candles (written by its relay only, read by anyone).
 */
public record NodeContext(ServiceConfig config, TickerMetrics metrics, PrometheusMeterRegistry registry, String nodeId,
                          Leadership leadership, Admission admission, TokenVerifier verifier, AuthAudit audit,
                          CandleBook candles) {
}
