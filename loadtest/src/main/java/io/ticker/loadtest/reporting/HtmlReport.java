package io.ticker.loadtest.reporting;

import io.ticker.loadtest.measurement.Results;
import io.ticker.loadtest.measurement.Sample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** A self-contained HTML page (inline SVG, no scripts, no network): summary and charts over time. */
public final class HtmlReport {

  private HtmlReport() {
  }

  public static void write(Results r, Path file) throws IOException {
    List<Sample> tl = r.timeline;
    double[] x = col(tl, Sample::t);
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Ticker load test: ")
        .append(SvgChart.esc(r.config.o().label)).append("</title><style>")
        .append("body{font-family:sans-serif;margin:24px;color:#222}pre{background:#f6f6f6;padding:12px;overflow:auto}")
        .append(".pass{color:#2a7d2a}.fail{color:#c0392b}section{margin:18px 0}</style></head><body>");
    b.append("<h1>Ticker load test: ").append(SvgChart.esc(r.config.o().label)).append(" — ")
        .append(r.failures.isEmpty() ? "<span class='pass'>PASS</span>" : "<span class='fail'>FAIL</span>").append("</h1>");
    b.append("<pre>").append(SvgChart.esc(Report.text(r).trim())).append("</pre>");
    b.append("<p>Timeline: one point per second, the ramp included; summary figures cover the measurement window only.</p>");
    b.append("<section>").append(new SvgChart("Tick age (ts to receipt), per second", "ms", x)
        .series("p50", col(tl, s -> s.ageP50())).series("p90", col(tl, s -> s.ageP90()))
        .series("p99", col(tl, s -> s.ageP99())).series("p99.9", col(tl, s -> s.ageP999())).render()).append("</section>");
    if (tl.stream().anyMatch(s -> s.serverCores() != null)) {
      String title = "Tick age p99 per second: the service's (at most: its histogram's bucket) and the client's";
      b.append("<section>").append(new SvgChart(title, "ms", x)
          .series("service p99", col(tl, s -> orNaN(s.serverAgeP99AtMostMs()))).series("client p99", col(tl, s -> s.ageP99()))
          .render()).append("</section>");
      b.append("<section>").append(new SvgChart("Service CPU, per second (all nodes)", "cores", x)
          .series("cores", col(tl, s -> orNaN(s.serverCores()))).render()).append("</section>");
    }
    b.append("<section>").append(new SvgChart("Ticks received per second", "ticks/s", x)
        .series("ticks/s", col(tl, Sample::ticksPerSec)).render()).append("</section>");
    b.append("<section>").append(new SvgChart("Frames received per second", "frames/s", x)
        .series("frames/s", col(tl, Sample::framesPerSec)).render()).append("</section>");
    b.append("<section>").append(new SvgChart("Bytes received", "MB/s", x)
        .series("MB/s", col(tl, Sample::mbPerSec)).render()).append("</section>");
    b.append("<section>").append(new SvgChart("Open connections", "connections", x)
        .series("reading", col(tl, s -> s.connections())).series("stalled", col(tl, s -> s.stalled())).render()).append("</section>");
    b.append("</body></html>\n");
    Files.writeString(file, b, StandardCharsets.UTF_8);
  }

  private static double orNaN(Double v) {
    return v == null ? Double.NaN : v;
  }

  private static double[] col(List<Sample> tl, ToDoubleFunction<Sample> f) {
    return tl.stream().mapToDouble(f).toArray();
  }
}
