package io.ticker.service.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each symbol's slot holds exactly its latest tick's bytes, whatever the other slots and lengths do. */
class TickJsonSlabTest {

  private final TickJsonSlab slab = new TickJsonSlab();

  private String get(int id) {
    return new String(slab.bytes(), slab.offset(id), slab.length(id), StandardCharsets.UTF_8);
  }

  private void put(int id, String json) {
    slab.put(id, json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aShorterTickReplacesALongerOneWithNothingOfItLeftAndNeighboursUntouched() {
    put(0, "{\"symbol\":\"A\",\"seq\":1,\"price\":\"43250.12\"}");
    put(1, "{\"symbol\":\"B\",\"seq\":1}");
    put(0, "{\"symbol\":\"A\",\"seq\":2}");
    assertEquals("{\"symbol\":\"A\",\"seq\":2}", get(0));
    assertEquals("{\"symbol\":\"B\",\"seq\":1}", get(1));
    assertEquals(0, slab.length(2), "a symbol that never ticked has no bytes");
    assertEquals(0, slab.length(1_000_000), "nor one far beyond the slots");
  }

  @Test
  void idsPastTheSlotsAndTicksPastTheStrideGrowItKeepingEverySymbolsBytes() {
    for (int id = 0; id < 300; id++) { // past the first 64 slots
      put(id, "{\"symbol\":\"S" + id + "\"}");
    }
    String wide = "{\"symbol\":\"W\",\"name\":\"" + "é".repeat(400) + "\"}"; // 800+ bytes: past two doublings of the stride
    put(7, wide);
    assertEquals(wide, get(7));
    for (int id = 0; id < 300; id++) {
      if (id != 7) {
        assertEquals("{\"symbol\":\"S" + id + "\"}", get(id), "symbol " + id + " after the stride grew");
      }
    }
    put(299, "{\"symbol\":\"S299\",\"seq\":2}");
    assertEquals("{\"symbol\":\"S299\",\"seq\":2}", get(299));
    assertEquals(wide, get(7));
  }
}
