package io.ticker.model;

/**
 * One price update of one symbol, exactly as it travels on the wire (feed and client protocol).
 * Prices and sizes are decimal strings, never floats, so no precision is lost between the
 * simulator, the service and a client. The 24h figures are rolling over the last 24 hours.
 */
public record Tick(
    String symbol,
    long seq,
    long ts,
    String price,
    String bid,
    String ask,
    String size,
    String open,
    String high,
    String low,
    String volume,
    String change,
    String changePct) {

  /** The same tick under another sequence number (used when the service re-sequences a feed). */
  public Tick withSeq(long newSeq) {
    return newSeq == seq ? this
        : new Tick(symbol, newSeq, ts, price, bid, ask, size, open, high, low, volume, change, changePct);
  }
}
