package io.ticker.sim;

import io.ticker.model.Decimals;
import io.ticker.model.SymbolInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Builds the symbol universe: named crypto pairs and US stocks first, then synthetic stocks. */
final class Universe {

  static final String CRYPTO = "crypto";
  static final String STOCK = "stock";

  // Typical trade notional in USD; the median trade size is derived from it and the price.
  private static final double CRYPTO_TRADE_USD = 2_500;
  private static final double STOCK_TRADE_USD = 15_000;

  private static final List<SymbolSpec> NAMED_CRYPTO = List.of(
      crypto("BTC-USD", "Bitcoin", 43_000, 2, 8, 0.60),
      crypto("ETH-USD", "Ethereum", 2_300, 2, 8, 0.70),
      crypto("SOL-USD", "Solana", 98, 2, 6, 1.00),
      crypto("XRP-USD", "XRP", 0.62, 4, 4, 0.80),
      crypto("ADA-USD", "Cardano", 0.55, 4, 4, 0.85),
      crypto("DOGE-USD", "Dogecoin", 0.085, 5, 4, 0.95),
      crypto("AVAX-USD", "Avalanche", 35, 2, 6, 1.00),
      crypto("DOT-USD", "Polkadot", 7.2, 3, 6, 0.90),
      crypto("LINK-USD", "Chainlink", 14.5, 3, 6, 0.90),
      crypto("LTC-USD", "Litecoin", 72, 2, 8, 0.75),
      crypto("MATIC-USD", "Polygon", 0.85, 4, 4, 0.95),
      crypto("BCH-USD", "Bitcoin Cash", 240, 2, 8, 0.80),
      crypto("ATOM-USD", "Cosmos", 9.8, 3, 6, 0.90),
      crypto("UNI-USD", "Uniswap", 6.3, 3, 6, 0.95),
      crypto("XLM-USD", "Stellar", 0.12, 5, 4, 0.80),
      crypto("ETC-USD", "Ethereum Classic", 20.5, 2, 6, 0.85),
      crypto("FIL-USD", "Filecoin", 5.4, 3, 6, 1.00),
      crypto("APT-USD", "Aptos", 9.1, 3, 6, 1.10),
      crypto("ARB-USD", "Arbitrum", 1.15, 4, 4, 1.10),
      crypto("NEAR-USD", "NEAR Protocol", 3.4, 3, 6, 1.05));

  private static final List<SymbolSpec> NAMED_STOCKS = List.of(
      stock("AAPL", "Apple Inc.", 190, 0.25),
      stock("MSFT", "Microsoft Corporation", 375, 0.25),
      stock("NVDA", "NVIDIA Corporation", 480, 0.50),
      stock("AMZN", "Amazon.com Inc.", 150, 0.32),
      stock("GOOGL", "Alphabet Inc.", 140, 0.30),
      stock("META", "Meta Platforms Inc.", 350, 0.38),
      stock("TSLA", "Tesla Inc.", 245, 0.60),
      stock("JPM", "JPMorgan Chase & Co.", 170, 0.22),
      stock("V", "Visa Inc.", 260, 0.20),
      stock("JNJ", "Johnson & Johnson", 157, 0.16),
      stock("WMT", "Walmart Inc.", 158, 0.18),
      stock("PG", "Procter & Gamble Co.", 150, 0.16),
      stock("MA", "Mastercard Inc.", 420, 0.22),
      stock("UNH", "UnitedHealth Group Inc.", 530, 0.22),
      stock("HD", "Home Depot Inc.", 350, 0.24),
      stock("XOM", "Exxon Mobil Corporation", 100, 0.26),
      stock("BAC", "Bank of America Corp.", 33, 0.28),
      stock("KO", "Coca-Cola Co.", 59, 0.15),
      stock("PEP", "PepsiCo Inc.", 168, 0.16),
      stock("DIS", "Walt Disney Co.", 91, 0.30),
      stock("NFLX", "Netflix Inc.", 480, 0.40),
      stock("ADBE", "Adobe Inc.", 600, 0.35),
      stock("CRM", "Salesforce Inc.", 260, 0.35),
      stock("AMD", "Advanced Micro Devices Inc.", 140, 0.50),
      stock("INTC", "Intel Corporation", 48, 0.35),
      stock("CSCO", "Cisco Systems Inc.", 50, 0.22),
      stock("ORCL", "Oracle Corporation", 105, 0.28),
      stock("COST", "Costco Wholesale Corp.", 650, 0.20),
      stock("NKE", "Nike Inc.", 108, 0.28),
      stock("PFE", "Pfizer Inc.", 29, 0.25));

  private Universe() {
  }

  /** The first {@code size} symbols; synthetic traits are drawn from {@code random}. */
  static List<SymbolSpec> of(int size, SplittableRandom random) {
    List<SymbolSpec> named = interleavedNamed();
    List<SymbolSpec> universe = new ArrayList<>(size);
    for (int i = 0; i < size && i < named.size(); i++) {
      universe.add(withLiquidity(named.get(i), i));
    }
    for (int n = 1; universe.size() < size; n++) {
      universe.add(synthetic(n, random));
    }
    return universe;
  }

  /** Two crypto pairs, two stocks, two crypto pairs…, so even a small universe has both kinds. */
  private static List<SymbolSpec> interleavedNamed() {
    List<SymbolSpec> out = new ArrayList<>(NAMED_CRYPTO.size() + NAMED_STOCKS.size());
    int c = 0;
    int s = 0;
    while (c < NAMED_CRYPTO.size() || s < NAMED_STOCKS.size()) {
      for (int k = 0; k < 2 && c < NAMED_CRYPTO.size(); k++) {
        out.add(NAMED_CRYPTO.get(c++));
      }
      for (int k = 0; k < 2 && s < NAMED_STOCKS.size(); k++) {
        out.add(NAMED_STOCKS.get(s++));
      }
    }
    return out;
  }

  /** Earlier named symbols are the big ones, so they trade more often (rank 0 ≈ 9×, rank 49 ≈ 1.3×). */
  private static SymbolSpec withLiquidity(SymbolSpec spec, int rank) {
    double weight = 1 + 8 / (1 + rank / 2.0);
    return new SymbolSpec(spec.info(), spec.startPrice(), spec.priceDecimals(), spec.sizeDecimals(),
        spec.volatility(), spec.typicalSize(), weight);
  }

  private static SymbolSpec synthetic(int n, SplittableRandom random) {
    String ticker = String.format("SYN%04d", n);
    double price = Math.exp(Math.log(5) + random.nextDouble() * Math.log(100)); // 5 .. 500, log-uniform
    double volatility = 0.15 + random.nextDouble() * 0.45;
    return new SymbolSpec(new SymbolInfo(ticker, "Synthetic " + n, STOCK), price, 2, 0, volatility,
        typicalStockSize(price), 1);
  }

  private static SymbolSpec crypto(String ticker, String name, double price, int priceDecimals,
      int sizeDecimals, double volatility) {
    return new SymbolSpec(new SymbolInfo(ticker, name, CRYPTO), price, priceDecimals, sizeDecimals,
        volatility, CRYPTO_TRADE_USD / price, 1);
  }

  private static SymbolSpec stock(String ticker, String name, double price, double volatility) {
    return new SymbolSpec(new SymbolInfo(ticker, name, STOCK), price, 2, 0, volatility,
        typicalStockSize(price), 1);
  }

  private static double typicalStockSize(double price) {
    return Math.max(1, Math.round(STOCK_TRADE_USD / price));
  }
}
