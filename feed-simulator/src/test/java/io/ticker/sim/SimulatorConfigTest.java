package io.ticker.sim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SimulatorConfigTest {

  @Test
  void defaultsAreValid() {
    SimulatorConfig config = assertDoesNotThrow(() -> SimulatorConfig.defaults().validate());
    assertEquals(9090, config.port());
    assertEquals(2000, config.rate());
    assertEquals(50, config.symbols());
  }

  @Test
  void outOfRangeValuesAreRejectedWithAReason() {
    SimulatorConfig defaults = SimulatorConfig.defaults();
    assertEquals("rate must be between 1 and 1000000, got 0",
        assertThrows(IllegalArgumentException.class, () -> defaults.withRate(0).validate()).getMessage());
    assertThrows(IllegalArgumentException.class, () -> defaults.withSymbols(100_001).validate());
    assertThrows(IllegalArgumentException.class, () -> defaults.withPort(65_536).validate());
    assertThrows(IllegalArgumentException.class, () -> defaults.withBatchMs(0).validate());
    assertThrows(IllegalArgumentException.class, () -> defaults.withHost(" ").validate());
    assertThrows(IllegalArgumentException.class, () -> defaults.withBursts(1, 5, 2_000).validate());
  }
}
