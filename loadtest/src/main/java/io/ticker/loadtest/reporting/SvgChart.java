package io.ticker.loadtest.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small self-contained SVG line chart: one x axis (seconds), one y axis, a few named series. A
 * NaN in a series is a second without a value: no point is drawn for it.
 */
final class SvgChart {

  private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b"};
  private static final int W = 900;
  private static final int H = 260;
  private static final int L = 70;
  private static final int R = 20;
  private static final int T = 30;
  private static final int B = 35;

  private final String title;
  private final String unit;
  private final double[] x;
  private final List<String> names = new ArrayList<>();
  private final List<double[]> series = new ArrayList<>();

  SvgChart(String title, String unit, double[] x) {
    this.title = title;
    this.unit = unit;
    this.x = x;
  }

  SvgChart series(String name, double[] y) {
    names.add(name);
    series.add(y);
    return this;
  }

  String render() {
    double xMax = x.length == 0 ? 1 : Math.max(1e-9, x[x.length - 1]);
    double yMax = 0;
    for (double[] s : series) {
      for (double v : s) {
        if (!Double.isNaN(v)) {
          yMax = Math.max(yMax, v);
        }
      }
    }
    yMax = niceCeil(yMax);
    StringBuilder b = new StringBuilder();
    b.append(f("<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif' font-size='11'>", W, H, W, H));
    b.append(f("<text x='%d' y='18' font-size='14' font-weight='bold'>%s</text>", L, esc(title)));
    int pw = W - L - R;
    int ph = H - T - B;
    for (int i = 0; i <= 4; i++) {
      double v = yMax * i / 4;
      double y = T + ph - ph * i / 4.0;
      b.append(f("<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/>", L, L + pw, y, y));
      b.append(f("<text x='%d' y='%.1f' text-anchor='end'>%s</text>", L - 6, y + 4, label(v)));
    }
    for (int i = 0; i <= 5; i++) {
      double v = xMax * i / 5;
      double xx = L + pw * i / 5.0;
      b.append(f("<text x='%.1f' y='%d' text-anchor='middle'>%.0fs</text>", xx, H - 18, v));
    }
    b.append(f("<text x='12' y='%d' transform='rotate(-90 12 %d)' text-anchor='middle'>%s</text>", T + ph / 2, T + ph / 2, esc(unit)));
    b.append(f("<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>", L, T, pw, ph));
    for (int s = 0; s < series.size(); s++) {
      double[] y = series.get(s);
      StringBuilder pts = new StringBuilder();
      for (int i = 0; i < Math.min(x.length, y.length); i++) {
        if (Double.isNaN(y[i])) {
          continue;
        }
        double px = L + pw * x[i] / xMax;
        double py = T + ph - (yMax == 0 ? 0 : ph * y[i] / yMax);
        pts.append(f("%.1f,%.1f ", px, py));
      }
      String color = COLORS[s % COLORS.length];
      b.append(f("<polyline fill='none' stroke='%s' stroke-width='1.6' points='%s'/>", color, pts.toString().trim()));
      int lx = L + 10 + s * 130;
      b.append(f("<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d'>%s</text>", lx, H - 12, color, lx + 14, H - 3, esc(names.get(s))));
    }
    return b.append("</svg>").toString();
  }

  private static double niceCeil(double v) {
    if (v <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= v) {
        return m * mag;
      }
    }
    return 10 * mag;
  }

  private static String label(double v) {
    if (v >= 1e6) {
      return f("%.1fM", v / 1e6);
    }
    if (v >= 1e4) {
      return f("%.0fk", v / 1e3);
    }
    return v == Math.rint(v) ? f("%.0f", v) : f("%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }

  private static String f(String fmt, Object... args) {
    return String.format(Locale.ROOT, fmt, args);
  }
}
