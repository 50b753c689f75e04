package io.ticker.service.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ticker.service.edge.Admission.Verdict;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdmissionTest {

  @Test
  void originsAreCheckedOnlyWhenListedAndAnAbsentOriginPasses() {
    Admission open = new Admission(10, 0, Set.of());
    assertEquals(Verdict.ADMIT, open.tryAdmit("1.1.1.1", "https://anything.example"));
    Admission closed = new Admission(10, 0, Set.of("https://trade.example"));
    assertEquals(Verdict.ADMIT, closed.tryAdmit("1.1.1.1", "https://Trade.Example"));
    assertEquals(Verdict.ORIGIN_REFUSED, closed.tryAdmit("1.1.1.1", "https://evil.example"));
    assertEquals(Verdict.ADMIT, closed.tryAdmit("1.1.1.1", null));
    assertEquals(2, closed.open(), "a refused origin is not counted");
  }

  @Test
  void perAddressAndNodeLimitsCountAndRelease() {
    Admission admission = new Admission(3, 2, Set.of());
    assertEquals(Verdict.ADMIT, admission.tryAdmit("a", null));
    assertEquals(Verdict.ADMIT, admission.tryAdmit("a", null));
    assertEquals(Verdict.ADDRESS_FULL, admission.tryAdmit("a", null));
    assertEquals(Verdict.ADMIT, admission.tryAdmit("b", null));
    assertEquals(Verdict.NODE_FULL, admission.tryAdmit("c", null));
    assertEquals(3, admission.open());
    admission.release("a");
    assertEquals(Verdict.ADMIT, admission.tryAdmit("a", null));
    admission.release("a");
    admission.release("a");
    admission.release("b");
    assertEquals(0, admission.open());
    assertEquals(Verdict.ADMIT, admission.tryAdmit("a", null));
    assertEquals(Verdict.ADMIT, admission.tryAdmit("a", null));
    assertEquals(429, Verdict.ADDRESS_FULL.httpStatus());
  }
}
