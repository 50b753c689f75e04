package io.ticker.model;

/** What a symbol is: its ticker, a human name and its kind ({@code crypto} or {@code stock}). */
public record SymbolInfo(String symbol, String name, String kind) {
}
