package io.ticker.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrantsTest {

  @Test
  void starGrantsEverythingWhateverElseIsListed() {
    assertSame(Grants.ALL, Grants.of("AAPL", "*", "kind:stock"));
    assertTrue(Grants.ALL.permits("ANYTHING", null));
  }

  @Test
  void kindsAndExactSymbols() {
    Grants g = Grants.of("kind:crypto", "AAPL");
    assertTrue(g.permits("BTC-USD", "crypto"));
    assertTrue(g.permits("AAPL", "stock"));
    assertFalse(g.permits("MSFT", "stock"));
    assertFalse(g.permits("NEW-COIN", null), "a kind grant needs the kind to be known");
    assertFalse(g.permits("aapl", "stock"), "symbols are exact");
  }

  @Test
  void equalGrantsHaveOneKeyWhateverTheOrderAndBlanksGrantNothing() {
    assertEquals(Grants.of("AAPL", "kind:crypto"), Grants.of("kind:crypto", " AAPL ", "", "AAPL"));
    assertEquals(Grants.of("AAPL", "kind:crypto").key(), Grants.parse(List.of("kind:crypto", "AAPL")).key());
    assertNotEquals(Grants.of("AAPL"), Grants.of("kind:AAPL"));
    assertTrue(Grants.parse(Arrays.asList("", null, "kind:")).isEmpty());
  }
}
