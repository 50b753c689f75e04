package io.ticker.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to say which metrics and labels an expression names: the metric of every
 * vector selector with the labels of its matchers, and the labels of by/without/on/ignoring/
 * group_left/group_right lists. Functions and keywords are told apart from metric names; strings,
 * ranges, numbers and Grafana variables are skipped.
 */
final class PromQl {

  /** One vector selector: {@code name{label="…",…}}. */
  record Selector(String metric, Set<String> labels) {
  }

  /** The selectors of one expression and the labels it groups or matches by. */
  record Names(List<Selector> selectors, Set<String> groupingLabels) {
    Set<String> metrics() {
      Set<String> names = new TreeSet<>();
      selectors.forEach(s -> names.add(s.metric()));
      return names;
    }
  }

  private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar", "count",
      "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "Inf", "NaN");
  private static final Pattern NUMBER = Pattern.compile("(0[xX][0-9a-fA-F]+|\\d+(\\.\\d*)?([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?)");
  private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");
  private static final Pattern IDENT = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$(\\{[^}]*}|[A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern SAMPLE_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String s;
  private int i;
  private final List<Selector> selectors = new ArrayList<>();
  private final Set<String> grouping = new LinkedHashSet<>();

  private PromQl(String expr) {
    this.s = expr;
  }

  /** Grafana's interval variables become a duration, any other variable a plain word. */
  static String withoutGrafanaVariables(String expr) {
    Matcher m = GRAFANA_VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1).replaceAll("[{}]", "").split(":")[0];
      m.appendReplacement(out, name.startsWith("__") && (name.contains("interval") || name.equals("__range")) ? "1m" : "x");
    }
    return m.appendTail(out).toString();
  }

  static Names names(String expr) {
    PromQl parser = new PromQl(expr);
    parser.parse();
    return new Names(List.copyOf(parser.selectors), Set.copyOf(parser.grouping));
  }

  private void parse() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else if (c == '#') {
        while (i < s.length() && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '{') {
        selectors.add(new Selector("", matchers())); // {__name__=…}: no metric name to check
      } else if (c == '[') {
        while (i < s.length() && s.charAt(i) != ']') {
          i++;
        }
        i++;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        Matcher d = DURATION.matcher(s).region(i, s.length());
        Matcher n = NUMBER.matcher(s).region(i, s.length());
        i = d.lookingAt() ? d.end() : n.lookingAt() ? n.end() : i + 1;
      } else if (IDENT.matcher(String.valueOf(c)).matches()) {
        Matcher m = IDENT.matcher(s).region(i, s.length());
        m.lookingAt();
        String word = m.group();
        i = m.end();
        char next = peek();
        if (LABEL_LISTS.contains(word) && next == '(') {
          labelList();
        } else if (next == '(' || KEYWORDS.contains(word) || LABEL_LISTS.contains(word) || AGGREGATIONS.contains(word)) {
          continue; // a function, an aggregation (also "sum by (…) (…)") or a keyword
        } else if (next == '{') {
          skipSpaces();
          selectors.add(new Selector(word, matchers()));
        } else {
          selectors.add(new Selector(word, Set.of()));
        }
      } else {
        i++;
      }
    }
  }

  private char peek() {
    int j = i;
    while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
      j++;
    }
    return j < s.length() ? s.charAt(j) : 0;
  }

  private void skipSpaces() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private void skipString() {
    char quote = s.charAt(i++);
    while (i < s.length() && s.charAt(i) != quote) {
      i += s.charAt(i) == '\\' && quote != '`' ? 2 : 1;
    }
    i++;
  }

  /** At '{': the label names of the matchers, up to the closing '}'. */
  private Set<String> matchers() {
    Set<String> labels = new TreeSet<>();
    i++;
    while (i < s.length()) {
      skipSpaces();
      char c = s.charAt(i);
      if (c == '}') {
        i++;
        break;
      } else if (c == ',') {
        i++;
      } else if (c == '"' || c == '\'' || c == '`') {
        skipString();
      } else if (Character.isLetter(c) || c == '_') {
        Matcher m = IDENT.matcher(s).region(i, s.length());
        m.lookingAt();
        labels.add(m.group());
        i = m.end();
      } else {
        i++; // = != =~ !~
      }
    }
    return labels;
  }

  /** At '(' after by/without/on/…: the labels listed. */
  private void labelList() {
    skipSpaces();
    i++;
    while (i < s.length() && s.charAt(i) != ')') {
      Matcher m = IDENT.matcher(s).region(i, s.length());
      if (m.lookingAt()) {
        grouping.add(m.group());
        i = m.end();
      } else {
        i++;
      }
    }
    i++;
  }

  /** Prometheus text exposition: every metric name with the label names its samples have. */
  static Map<String, Set<String>> exported(String exposition) {
    Map<String, Set<String>> metrics = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.indexOf(' ');
      int end = brace >= 0 && (space < 0 || brace < space) ? brace : space;
      Set<String> labels = metrics.computeIfAbsent(line.substring(0, end), k -> new TreeSet<>());
      if (end == brace) {
        Matcher m = SAMPLE_LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (m.find()) {
          labels.add(m.group(1));
        }
      }
    }
    return metrics;
  }

  /**
   * What is wrong with {@code expr} against the metrics known (name → its labels), plus the
   * labels every series has (job, instance): unknown metrics, unknown labels of a selector, and
   * grouping labels that none of the expression's metrics has. Empty when all is well.
   */
  static List<String> problems(String expr, Map<String, Set<String>> known, Set<String> everywhere) {
    List<String> problems = new ArrayList<>();
    Names names = names(withoutGrafanaVariables(expr));
    Set<String> all = new TreeSet<>(everywhere);
    for (Selector selector : names.selectors()) {
      if (selector.metric().isEmpty()) {
        continue;
      }
      Set<String> labels = known.get(selector.metric());
      if (labels == null) {
        problems.add("unknown metric " + selector.metric());
        continue;
      }
      all.addAll(labels);
      for (String label : selector.labels()) {
        if (!labels.contains(label) && !everywhere.contains(label)) {
          problems.add(selector.metric() + " has no label " + label + " (it has " + labels + ")");
        }
      }
    }
    for (String label : names.groupingLabels()) {
      if (!all.contains(label)) {
        problems.add("no metric of the expression has label " + label + " (they have " + all + ")");
      }
    }
    return problems;
  }
}
