package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.model.SymbolInfo;
import io.ticker.service.auth.Grants;
import io.ticker.service.cache.SymbolDirectory;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantMaskTest {

  @Test
  void compilesOnceAndFollowsSymbolsThatAppearOrAreDescribedLater() {
    SymbolDirectory directory = new SymbolDirectory();
    directory.describe(List.of(new SymbolInfo("BTC-USD", "Bitcoin", "crypto"), new SymbolInfo("AAPL", "Apple", "stock"),
        new SymbolInfo("MSFT", "Microsoft", "stock")));
    GrantMask mask = new GrantMask(Grants.of("kind:crypto", "AAPL"), directory);
    assertTrue(mask.permits(directory.find("BTC-USD")));
    assertTrue(mask.permits(directory.find("AAPL")));
    assertFalse(mask.permits(directory.find("MSFT")));
    int coin = directory.idOf("NEW-COIN"); // seen in a tick before the feed described it
    assertFalse(mask.permits(coin));
    directory.describe(List.of(new SymbolInfo("NEW-COIN", "New coin", "crypto")));
    assertTrue(mask.permits(coin), "recompiled when the kind became known");
  }

  @Test
  void aStarSubscriptionOfARestrictedTokenHoldsWhatItsMaskPermitsAndInternsByMask() {
    SymbolDirectory directory = new SymbolDirectory();
    directory.describe(List.of(new SymbolInfo("BTC-USD", "Bitcoin", "crypto"), new SymbolInfo("AAPL", "Apple", "stock")));
    GrantMask crypto = new GrantMask(Grants.of("kind:crypto"), directory);
    GrantMask alsoCrypto = new GrantMask(Grants.of("kind:crypto"), directory);
    Subscription star = Subscription.allOf(crypto);
    assertTrue(star.all());
    assertTrue(star.contains(0));
    assertFalse(star.contains(1));
    assertEquals(star, Subscription.allOf(crypto));
    assertNotEquals(star, Subscription.allOf(alsoCrypto), "one mask per grant set per shard: identity is enough");
    assertEquals(Subscription.ALL, Subscription.allOf(null));
    BitSet drop = new BitSet();
    Subscription rest = star.without(drop, directory.size());
    assertEquals(1, rest.size());
    assertTrue(rest.contains(0) && !rest.contains(1), "removing from * keeps only what was permitted");
  }
}
