package io.ticker.sim;

import io.ticker.model.SymbolInfo;

/**
 * The fixed traits of one simulated symbol.
 *
 * @param info          what consumers see: ticker, name, kind
 * @param startPrice    price 24 h before the simulation starts
 * @param priceDecimals decimals of price, bid, ask, open, high, low, change
 * @param sizeDecimals  decimals of size and volume (0 = whole shares)
 * @param volatility    annualised volatility of the log price (0.6 = 60 %)
 * @param typicalSize   median trade size, in whole coins or shares
 * @param weight        relative share of the total tick rate (more liquid = more ticks)
 */
record SymbolSpec(
    SymbolInfo info,
    double startPrice,
    int priceDecimals,
    int sizeDecimals,
    double volatility,
    double typicalSize,
    double weight) {
}
