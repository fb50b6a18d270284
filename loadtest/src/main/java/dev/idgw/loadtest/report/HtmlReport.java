package dev.idgw.loadtest.report;

import static dev.idgw.loadtest.report.Html.escape;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The scenario's report as one self-contained HTML file: the verdict and what it covers, every check met or
 * not met with its number, the soft counts in words, the latency percentile plot (gateway and baseline on the
 * same axes), throughput over time, the side-by-side numbers and the setup. No script, no external file, and a
 * content security policy that forbids fetching any: it opens the same from a mail attachment as from disk.
 * The scenario's JSON rides along in a {@code <script type="application/json">} block (data, not code).
 */
public final class HtmlReport {
  private HtmlReport() {}

  /** {@code report.json} → {@code report.html}, beside it; any other name gets {@code .html} appended. */
  public static Path besideJson(Path json) {
    String name = json.getFileName().toString();
    String base = name.toLowerCase(Locale.ROOT).endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".html");
  }

  /** Writes the page for {@code scenario} (a scenario's JSON) to {@code file}. */
  public static void write(JsonObject scenario, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, render(scenario), StandardCharsets.UTF_8);
  }

  public static String render(JsonObject scenario) {
    var data = new ScenarioData(scenario);
    Verdict verdict = Verdict.of(scenario);
    var page = new StringBuilder(64 * 1024);
    page.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Load test ").append(escape(data.runId())).append(": ").append(verdict.word())
        .append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
    header(page, data);
    verdictSection(page, verdict);
    softCounts(page, scenario);
    latency(page, data);
    throughput(page, data);
    firstRequests(page, data);
    findMax(page, scenario);
    fault(page, scenario);
    setup(page, data);
    page.append("<footer><p>Written by <code>loadtest.jar</code> from the scenario's JSON, which is embedded in this file "
        + "(<code>script#scenario-json</code>). Regenerate with <code>java -jar loadtest/target/loadtest.jar report "
        + "REPORT.json</code>.</p></footer>\n");
    page.append("<script type=\"application/json\" id=\"scenario-json\">").append(Html.scriptJson(scenario.encode()))
        .append("</script>\n</body>\n</html>\n");
    return page.toString();
  }

  private static void header(StringBuilder page, ScenarioData data) {
    JsonObject host = data.object("host");
    JsonObject setup = data.object("setup");
    page.append("<header>\n<h1>Load test report <span class=\"run-id\">scenario ").append(escape(data.runId()))
        .append("</span></h1>\n<p class=\"meta\">").append(escape(data.json().getString("started", "?")))
        .append(" to ").append(escape(data.json().getString("finished", "?"))).append(" · ")
        .append(ScenarioData.longValue(host, "cores")).append(" cores · gateway jar <code>")
        .append(escape(setup.getString("gateway_jar", "?"))).append("</code>");
    String redis = setup.getString("redis", "");
    if (!redis.isBlank()) {
      page.append(" · Redis: ").append(escape(redis));
    }
    page.append("</p>\n</header>\n");
  }

  private static void verdictSection(StringBuilder page, Verdict verdict) {
    String state = verdict.passed() ? "passed" : "failed";
    page.append("<section id=\"verdict\" class=\"verdict ").append(state).append("\">\n<h2>Verdict: <span id=\"verdict-word\">")
        .append(verdict.word()).append("</span></h2>\n<p id=\"verdict-covers\">").append(escape(verdict.covers()))
        .append("</p>\n<p id=\"targets-summary\">Latency and throughput targets: ").append(escape(verdict.reportedSummary()))
        .append(".</p>\n");
    page.append("<table id=\"checks\">\n<thead><tr><th>area</th><th>check</th><th>measured</th><th>target</th>"
        + "<th>result</th><th>decides the verdict</th></tr></thead>\n<tbody>\n");
    for (Check check : verdict.checks()) {
      String outcome = check.outcome().words().replace(' ', '-');
      page.append("<tr class=\"check ").append(outcome).append("\" data-check=\"").append(check.id())
          .append("\" data-outcome=\"").append(outcome).append("\"><td class=\"area\">").append(escape(check.area().words()))
          .append("</td><td class=\"claim\">").append(escape(check.claim())).append("</td><td class=\"measured\">")
          .append(escape(check.measured())).append("</td><td class=\"target\">").append(escape(check.target()))
          .append("</td><td class=\"outcome\">").append(escape(check.outcome().words()))
          .append("</td><td class=\"decides\">").append(check.decidesVerdict() ? "yes" : "no, reported")
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n</section>\n");
  }

  private static void softCounts(StringBuilder page, JsonObject scenario) {
    page.append("<section id=\"soft-counts\">\n<h2>Soft counts, in words</h2>\n<p>Counts that are not checks but change "
        + "how to read the numbers; each is listed, zero or not.</p>\n<dl>\n");
    for (SoftCounts.SoftCount count : SoftCounts.of(scenario)) {
      page.append("<dt data-soft=\"").append(escape(count.id())).append("\">").append(escape(count.title()))
          .append(": <span class=\"number\">").append(escape(count.number())).append("</span></dt>\n<dd>")
          .append(escape(count.words())).append("</dd>\n");
    }
    page.append("</dl>\n</section>\n");
  }

  private static void latency(StringBuilder page, ScenarioData data) {
    page.append("<section id=\"latency\">\n<h2>Latency by percentile</h2>\n");
    Optional<LineChart> chart = LatencyPlot.of(data);
    if (chart.isPresent()) {
      page.append(chart.get().svg());
      for (String target : data.comparedTargets()) {
        if (chart.get().series().stream().noneMatch(series -> series.key().equals(target))) {
          page.append("<p class=\"missing\" data-no-curve=\"").append(escape(target)).append("\">No curve for the ")
              .append(escape(target)).append(": it answered none of its requests in this phase (see its failures "
                  + "below).</p>\n");
        }
      }
      page.append("<p class=\"caption\">HdrHistogram's percentile distribution of each target's compared phase, "
          + "latency measured from each request's intended send time (coordinated omission corrected). Further "
          + "right is further into the tail: 90 %, 99 %, 99.9 % lie one step apart. The maximum (100 %) is not on "
          + "this axis; it is in the table. Hover over a point for its numbers.</p>\n");
    } else {
      page.append("<p class=\"missing\">This JSON has no percentile distribution (written by a load test before the "
          + "report existed, or no phase was measured).</p>\n");
    }
    data.comparison().ifPresent(comparison -> sideBySide(page, data, comparison));
    page.append("</section>\n");
  }

  private static void sideBySide(StringBuilder page, ScenarioData data, JsonObject comparison) {
    page.append("<table id=\"side-by-side\">\n<thead><tr><th>target</th><th>achieved req/s</th><th>p50</th><th>p90</th>"
        + "<th>p99</th><th>p99.9</th><th>max</th><th>failures</th><th>CPU ms per 1k requests</th>"
        + "<th>generator lag</th></tr></thead>\n<tbody>\n");
    for (String target : data.comparedTargets()) {
      JsonObject t = comparison.getJsonObject(target);
      // A target that answered nothing has no latency; its summary's zeros would read as "instant".
      boolean answered = data.comparedRun(target).map(run -> run.getJsonObject("load", new JsonObject())
          .getJsonObject("latency_ms", new JsonObject()).getLong("count", 1L) > 0).orElse(true);
      String none = "–";
      page.append("<tr data-target=\"").append(escape(target)).append("\"><td>").append(escape(target)).append("</td><td>")
          .append(number(t, "achieved_rate", 1)).append("</td><td>").append(answered ? number(t, "p50_ms", 2) : none)
          .append("</td><td>").append(answered ? number(t, "p90_ms", 2) : none).append("</td><td>")
          .append(answered ? number(t, "p99_ms", 2) : none).append("</td><td>")
          .append(answered ? number(t, "p99_9_ms", 2) : none).append("</td><td>")
          .append(answered ? number(t, "max_ms", 2) : none).append("</td><td>")
          .append(Figures.count(ScenarioData.longValue(t, "failures"))).append("</td><td>")
          .append(number(t, "cpu_ms_per_1k", 0)).append("</td><td>").append(number(t, "max_generator_lag_ms", 2))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n<p class=\"caption\">Latencies in ms. CPU is the target process's user + system "
        + "time over its measured phase per 1,000 requests.</p>\n");
  }

  private static String number(JsonObject object, String name, int decimals) {
    double value = ScenarioData.doubleValue(object, name);
    return Double.isFinite(value) ? Figures.decimal(value, decimals) : "–";
  }

  private static void throughput(StringBuilder page, ScenarioData data) {
    page.append("<section id=\"throughput\">\n<h2>Throughput over time</h2>\n");
    Optional<LineChart> chart = ThroughputPlot.of(data);
    if (chart.isPresent()) {
      page.append(chart.get().svg());
      page.append("<p class=\"caption\">Answers with status 200 or 204 in each whole second of each target's "
          + "measured phase; the targets ran one after the other, each from its own second 0. The dashed line is "
          + "the offered (arrival) rate. Answers that arrived in the drain after the last second are in the JSON "
          + "(<code>per_second</code>), not here.</p>\n");
    } else {
      page.append("<p class=\"missing\">This JSON has no counts per second.</p>\n");
    }
    page.append("</section>\n");
  }

  private static void firstRequests(StringBuilder page, ScenarioData data) {
    JsonArray first = data.array("first_requests");
    if (first.isEmpty()) {
      return;
    }
    page.append("<section id=\"first-requests\">\n<h2>The first requests after start</h2>\n<table>\n<thead><tr>"
        + "<th>target</th><th>requests</th><th>first status</th><th>first</th><th>slowest of 1–10</th>"
        + "<th>median of 1–100</th><th>median of the last 100</th><th>failures</th></tr></thead>\n<tbody>\n");
    for (Object entry : first) {
      if (entry instanceof JsonObject r) {
        page.append("<tr><td>").append(escape(r.getString("target", "?"))).append("</td><td>")
            .append(Figures.count(ScenarioData.longValue(r, "requests"))).append("</td><td>")
            .append(ScenarioData.longValue(r, "first_status")).append("</td><td>").append(number(r, "first_ms", 2))
            .append("</td><td>").append(number(r, "max_first_10_ms", 2)).append("</td><td>")
            .append(number(r, "p50_first_100_ms", 2)).append("</td><td>").append(number(r, "p50_last_100_ms", 2))
            .append("</td><td>").append(Figures.count(ScenarioData.longValue(r, "failures"))).append("</td></tr>\n");
      }
    }
    page.append("</tbody>\n</table>\n<p class=\"caption\">Service time in ms (from the actual send), at 100 req/s "
        + "before any other load reached the target.</p>\n</section>\n");
  }

  private static void findMax(StringBuilder page, JsonObject scenario) {
    JsonObject findMax = scenario.getJsonObject("find_max");
    if (findMax == null) {
      return;
    }
    page.append("<section id=\"find-max\">\n<h2>Find-max steps</h2>\n<table>\n<thead><tr><th>target</th><th>step</th>"
        + "<th>offered req/s</th><th>achieved</th><th>p99 ms</th><th>failures %</th><th>CPU ms/1k</th>"
        + "<th>generator lag ms</th><th>sustained</th></tr></thead>\n<tbody>\n");
    for (Object entry : findMax.getJsonArray("steps", new JsonArray())) {
      if (entry instanceof JsonObject s) {
        page.append("<tr><td>").append(escape(s.getString("target", "?"))).append("</td><td>")
            .append(escape(s.getString("phase", "?"))).append("</td><td>").append(number(s, "rate", 0))
            .append("</td><td>").append(number(s, "achieved_rate", 1)).append("</td><td>").append(number(s, "p99_ms", 2))
            .append("</td><td>").append(number(s, "failure_pct", 3)).append("</td><td>")
            .append(number(s, "cpu_ms_per_1k", 0)).append("</td><td>").append(number(s, "max_generator_lag_ms", 1))
            .append("</td><td>").append(s.getBoolean("sustained", false) ? "yes" : "no").append("</td></tr>\n");
      }
    }
    page.append("</tbody>\n</table>\n<p>Maximum sustainable rate: ")
        .append(escape(findMax.getJsonObject("max_sustainable_rate", new JsonObject()).encode())).append("</p>\n</section>\n");
  }

  private static void fault(StringBuilder page, JsonObject scenario) {
    JsonObject fault = scenario.getJsonObject("fault");
    if (fault == null) {
      return;
    }
    page.append("<section id=\"fault\">\n<h2>Fault: ").append(escape(fault.getString("name", "?"))).append("</h2>\n<p>")
        .append(escape(fault.getString("description", ""))).append("</p>\n<table>\n<thead><tr><th>window</th>"
            + "<th>requests</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th><th>failures %</th>"
            + "<th>identity-bearing payloads %</th></tr></thead>\n<tbody>\n");
    JsonObject windows = fault.getJsonObject("windows", new JsonObject());
    for (String name : windows.fieldNames()) {
      JsonObject w = windows.getJsonObject(name);
      if (w == null) {
        continue;
      }
      JsonObject latency = w.getJsonObject("latency_ms", new JsonObject());
      page.append("<tr><td>").append(escape(name)).append("</td><td>").append(Figures.count(ScenarioData.longValue(w,
              "requests"))).append("</td><td>").append(number(latency, "p50", 2)).append("</td><td>")
          .append(number(latency, "p99", 2)).append("</td><td>").append(number(latency, "max", 2)).append("</td><td>")
          .append(number(w, "failure_pct", 3)).append("</td><td>").append(number(w, "identity_bearing_pct", 1))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n</section>\n");
  }

  private static void setup(StringBuilder page, ScenarioData data) {
    JsonObject setup = data.object("setup");
    page.append("<section id=\"setup\">\n<h2>Setup</h2>\n<table class=\"setup\">\n<tbody>\n");
    List<String[]> rows = List.of(
        new String[] {"offered rate", number(setup, "rate", 0) + " req/s"},
        new String[] {"measured / warm-up per target", ScenarioData.longValue(setup, "duration_ms") / 1000.0 + " s / "
            + ScenarioData.longValue(setup, "warmup_ms") / 1000.0 + " s"},
        new String[] {"devices (consent records seeded)", Figures.count(ScenarioData.longValue(setup, "devices")) + " ("
            + Figures.count(ScenarioData.longValue(setup, "consent_records_seeded")) + ")"},
        new String[] {"stub partners", partners(setup.getJsonArray("partners", new JsonArray()))},
        new String[] {"partner latency", ScenarioData.longValue(setup, "partner_latency_ms") + " ms, 1 % tail "
            + ScenarioData.longValue(setup, "partner_p99_tail_ms") + " ms, failures " + number(setup,
            "partner_failure_pct", 1) + " %"},
        new String[] {"tmax", ScenarioData.longValue(setup, "tmax_ms") + " ms"},
        new String[] {"baseline / find-max", setup.getBoolean("baseline", false) + " / " + setup.getBoolean("find_max",
            false)},
        new String[] {"child JVM options", setup.getJsonArray("child_jvm_options", new JsonArray()).encode()});
    for (String[] row : rows) {
      page.append("<tr><th scope=\"row\">").append(escape(row[0])).append("</th><td>").append(escape(row[1]))
          .append("</td></tr>\n");
    }
    page.append("</tbody>\n</table>\n</section>\n");
  }

  private static String partners(JsonArray partners) {
    var names = new StringBuilder();
    for (Object entry : partners) {
      if (entry instanceof JsonObject partner) {
        if (names.length() > 0) {
          names.append("; ");
        }
        names.append(partner.getString("id", "?")).append(" (").append(partner.getString("role", "?")).append(": ")
            .append(String.join(", ", partner.getJsonArray("identity_fields", new JsonArray()).stream()
                .map(String::valueOf).toList())).append(')');
      }
    }
    return names.toString();
  }

  private static final String STYLE = """
      body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2733;
             margin: 0 auto; max-width: 1100px; padding: 16px 24px 48px; }
      h1 { font-size: 24px; margin: 8px 0 4px; } h1 .run-id { color: #5d6d7e; font-weight: normal; }
      h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #d5dbe1; padding-bottom: 4px; }
      .meta, .caption { color: #5d6d7e; font-size: 13px; }
      code { font: 13px ui-monospace, "DejaVu Sans Mono", monospace; background: #f2f4f6; padding: 0 3px; }
      .verdict { border-left: 6px solid; padding: 4px 16px 12px; border-radius: 4px; }
      .verdict.passed { border-color: #1e8449; background: #f3faf5; } .verdict.failed { border-color: #c0392b; background: #fdf3f2; }
      .verdict h2 { border: none; margin-top: 10px; }
      .verdict.passed #verdict-word { color: #1e8449; } .verdict.failed #verdict-word { color: #c0392b; }
      table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; background: #fff; }
      th, td { border: 1px solid #d5dbe1; padding: 4px 8px; text-align: left; vertical-align: top; }
      th { background: #eef1f4; font-weight: 600; }
      #side-by-side td:not(:first-child), #first-requests td:not(:first-child), #find-max td:not(:first-child) { text-align: right; }
      tr.check td.outcome { font-weight: 700; white-space: nowrap; }
      tr.met td.outcome { color: #1e8449; background: #e9f7ef; }
      tr.not-met td.outcome { color: #c0392b; background: #fdedec; }
      tr.not-measured td.outcome { color: #5d6d7e; background: #f2f4f6; }
      dl dt { font-weight: 600; margin-top: 10px; } dl dd { margin: 2px 0 0 18px; }
      table.setup th { width: 280px; }
      svg.chart { width: 100%; height: auto; max-width: 820px; display: block; margin: 8px 0; font-size: 12px; }
      svg .plot-area { fill: #fbfcfd; stroke: #aab7c4; }
      svg .grid { stroke: #e3e8ec; stroke-width: 1; }
      svg .tick-label { fill: #44505c; } svg .axis-title { fill: #1d2733; font-size: 13px; }
      svg .legend-label { fill: #1d2733; font-size: 13px; }
      svg .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
      svg .series.dashed { stroke-dasharray: 6 4; stroke-width: 1.6; }
      svg .series-gateway { stroke: #c0392b; } svg .series-baseline { stroke: #2471a3; } svg .series-offered { stroke: #7f8c8d; }
      svg circle.marker { stroke: none; } svg circle.series-gateway { fill: #c0392b; } svg circle.series-baseline { fill: #2471a3; }
      .missing { color: #c0392b; }
      footer { margin-top: 32px; color: #5d6d7e; font-size: 13px; }
      """;
}
