package io.ticker.service.fanout;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class UndeliveredTicksTest {

  private final UndeliveredTicks undelivered = new UndeliveredTicks();

  @Test
  void aSecondTickBeforeAnyFrameCarriedTheFirstCoalescesIt() {
    assertFalse(undelivered.arrived(7), "the first tick of a symbol replaces nothing");
    assertTrue(undelivered.arrived(7), "the next one replaces a tick no frame carried");
    undelivered.delivered(7);
    assertFalse(undelivered.arrived(7), "once a frame carried it, the next tick coalesces nothing");
  }

  @Test
  void symbolsAreApartAcrossWordsAndBeyondTheFirstArray() {
    int[] ids = {0, 63, 64, 127, 1_023, 1_024, 5_000, 65_537};
    for (int id : ids) {
      assertFalse(undelivered.arrived(id), "id " + id);
    }
    undelivered.delivered(64);
    undelivered.delivered(5_000);
    for (int id : ids) {
      boolean carried = id == 64 || id == 5_000;
      assertTrue(undelivered.arrived(id) != carried, "id " + id + (carried ? " was carried" : " still undelivered"));
    }
  }

  @Test
  void deliveringASymbolNeverSeenOrAlreadyCarriedChangesNothing() {
    undelivered.delivered(1_000_000); // beyond the bitmap: nothing to clear
    undelivered.arrived(3);
    undelivered.delivered(3);
    undelivered.delivered(3);
    assertFalse(undelivered.arrived(3));
    assertFalse(undelivered.arrived(1_000_000), "a symbol first seen after a delivery of it replaces nothing");
  }
}
