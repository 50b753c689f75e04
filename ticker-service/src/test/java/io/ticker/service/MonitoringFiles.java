package io.ticker.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The project's monitoring files (deploy/prometheus, deploy/grafana) and what they define. */
final class MonitoringFiles {

  /** A recording or alerting rule of rules.yml: its name and expression. */
  record Rule(boolean recording, String name, String expr) {
  }

  private static final Pattern RULE = Pattern.compile("^(\\s*)- (record|alert):\\s*(\\S+)\\s*$");
  private static final Pattern FIELD = Pattern.compile("^(\\s*)(\\w+):\\s*(.*)$");

  private MonitoringFiles() {
  }

  /** The repository's root: the first directory up from here with deploy/prometheus in it. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("deploy/prometheus"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no deploy/prometheus above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static Path rulesFile() {
    return root().resolve("deploy/prometheus/rules.yml");
  }

  static Path dashboardFile() {
    return root().resolve("deploy/grafana/ticker.json");
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rules of a rules file as Prometheus writes them: {@code - record: name} or {@code - alert:
   * name}, then {@code expr:} with the expression on the same line or as a {@code |} block.
   */
  static List<Rule> rules(String yaml) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = yaml.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      Matcher rule = RULE.matcher(lines[n]);
      if (!rule.matches()) {
        continue;
      }
      int ruleIndent = rule.group(1).length();
      String expr = null;
      for (int k = n + 1; k < lines.length && expr == null; k++) {
        if (RULE.matcher(lines[k]).matches()) {
          break;
        }
        Matcher field = FIELD.matcher(lines[k]);
        if (field.matches() && field.group(2).equals("expr") && field.group(1).length() > ruleIndent) {
          String value = field.group(3).trim();
          if (value.equals("|") || value.equals(">") || value.equals("|-") || value.equals(">-")) {
            StringBuilder block = new StringBuilder();
            int fieldIndent = field.group(1).length();
            for (int b = k + 1; b < lines.length; b++) {
              String line = lines[b];
              if (!line.isBlank() && line.length() - line.stripLeading().length() <= fieldIndent) {
                break;
              }
              block.append(line.strip()).append('\n');
            }
            expr = block.toString().trim();
          } else {
            expr = value.startsWith("'") || value.startsWith("\"") ? value.substring(1, value.length() - 1) : value;
          }
        }
      }
      if (expr == null) {
        throw new IllegalStateException("no expr for rule " + rule.group(3));
      }
      rules.add(new Rule(rule.group(2).equals("record"), rule.group(3), expr));
    }
    return rules;
  }

  /**
   * The rules file with the {@code for:} of one alert set to {@code duration}: for a test that
   * cannot wait for the real one. Fails unless exactly that alert's {@code for:} was replaced.
   */
  static String withAlertFor(String yaml, String alert, String duration) {
    String[] lines = yaml.split("\n", -1);
    int replaced = 0;
    boolean inAlert = false;
    for (int n = 0; n < lines.length; n++) {
      Matcher rule = RULE.matcher(lines[n]);
      if (rule.matches()) {
        inAlert = rule.group(2).equals("alert") && rule.group(3).equals(alert);
        continue;
      }
      Matcher field = FIELD.matcher(lines[n]);
      if (inAlert && field.matches() && field.group(2).equals("for")) {
        lines[n] = field.group(1) + "for: " + duration;
        replaced++;
        inAlert = false;
      }
    }
    if (replaced != 1) {
      throw new IllegalStateException("alert " + alert + " with a for: not found exactly once (" + replaced + ")");
    }
    return String.join("\n", lines);
  }

  /**
   * The series a recording rule makes, with their labels: what it groups by (or, without an
   * aggregation, the labels of its input) plus job and instance.
   */
  static Map<String, Set<String>> recordedSeries(List<Rule> rules, Map<String, Set<String>> exported) {
    Map<String, Set<String>> recorded = new TreeMap<>();
    for (Rule rule : rules) {
      if (!rule.recording()) {
        continue;
      }
      PromQl.Names names = PromQl.names(rule.expr());
      Set<String> labels = new TreeSet<>(names.groupingLabels());
      if (labels.isEmpty()) {
        names.metrics().forEach(m -> labels.addAll(exported.getOrDefault(m, recorded.getOrDefault(m, Set.of()))));
      }
      labels.addAll(Set.of("job", "instance"));
      labels.remove("le");
      recorded.put(rule.name(), labels);
    }
    return recorded;
  }
}
