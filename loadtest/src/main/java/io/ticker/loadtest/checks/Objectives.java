package io.ticker.loadtest.checks;

import io.ticker.loadtest.LoadTestOptions;
import io.ticker.loadtest.measurement.Results;
import java.util.ArrayList;
import java.util.List;

/** The stated objectives of a run; each failed one is a line in the report and makes the exit code 1. */
public final class Objectives {

  private Objectives() {
  }

  public static List<String> evaluate(Results r) {
    LoadTestOptions o = r.config.o();
    List<String> failed = new ArrayList<>();
    if (r.tokenRefused != null) {
      failed.add("the service refused the token (" + r.tokenRefused + "): check --jwt-secret-file, --jwt-issuer, --jwt-audience");
    }
    double p99 = r.age(99);
    if (o.sloP99Ms >= 0 && (Double.isNaN(p99) || p99 > o.sloP99Ms)) {
      failed.add(Double.isNaN(p99) ? "p99 tick age: no ticks received (--slo-p99-ms " + o.sloP99Ms + ")"
          : String.format("p99 tick age %.0f ms > --slo-p99-ms %d", p99, o.sloP99Ms));
    }
    double p999 = r.age(99.9);
    if (o.sloP999Ms >= 0 && (Double.isNaN(p999) || p999 > o.sloP999Ms)) {
      failed.add(String.format("p99.9 tick age %s ms > --slo-p999-ms %d", Double.isNaN(p999) ? "n/a" : String.format("%.0f", p999), o.sloP999Ms));
    }
    long mismatches = r.check.mismatches();
    if (o.maxMismatches >= 0 && !r.checkRan && !o.drainOnly && !o.idle) {
      failed.add("final-value check did not run: " + r.checkError);
    } else if (o.maxMismatches >= 0 && mismatches > o.maxMismatches) {
      failed.add("final-value mismatches " + mismatches + " > --max-mismatches " + o.maxMismatches);
    }
    if (o.maxSeqViolations >= 0 && r.seqViolations > o.maxSeqViolations) {
      failed.add("seq violations " + r.seqViolations + " > --max-seq-violations " + o.maxSeqViolations);
    }
    if (o.minTicksPerSec >= 0 && r.ticksPerSec() < o.minTicksPerSec) {
      failed.add(String.format("ticks/s %.0f < --min-ticks-per-sec %.0f", r.ticksPerSec(), o.minTicksPerSec));
    }
    if (o.maxConnectFailures >= 0 && r.connectFailures > o.maxConnectFailures) {
      failed.add("connect failures " + r.connectFailures + " > --max-connect-failures " + o.maxConnectFailures + " " + r.connectErrors);
    }
    if (o.maxDisconnects >= 0 && r.disconnects > o.maxDisconnects) {
      failed.add("disconnects " + r.disconnects + " > --max-disconnects " + o.maxDisconnects + " " + r.closeCodes);
    }
    return failed;
  }
}
