package dev.idgw.loadtest.report;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loadtest.jar report REPORT.json [--html-out PATH]}: the HTML page for a scenario's JSON written earlier
 * (by default beside it, {@code REPORT.html}). The scenario writes the page itself; this is for a JSON kept
 * from another run or machine.
 */
public final class ReportMain {
  public static final int EXIT_WRITTEN = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: java -jar loadtest.jar report REPORT.json [--html-out PATH]",
      "",
      "Writes the load-test report a person reads (one self-contained HTML file: the verdict and what it covers,",
      "every check met / not met, the soft counts in words, latency percentile and throughput plots) from a",
      "scenario's --json-out file. Default PATH: beside the JSON, .json replaced by .html.");

  private ReportMain() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return EXIT_WRITTEN;
    }
    Path json = null;
    Path html = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--html-out") && i + 1 < args.size()) {
        html = Path.of(args.get(++i));
      } else if (!arg.startsWith("--") && json == null) {
        json = Path.of(arg);
      } else {
        err.println("error: unexpected argument: " + arg);
        err.println(USAGE);
        return EXIT_USAGE;
      }
    }
    if (json == null) {
      err.println("error: name the scenario's JSON file");
      err.println(USAGE);
      return EXIT_USAGE;
    }
    Path target = html == null ? HtmlReport.besideJson(json) : html;
    try {
      JsonObject scenario = new JsonObject(Files.readString(json, StandardCharsets.UTF_8));
      HtmlReport.write(scenario, target);
    } catch (IOException | DecodeException unusable) {
      err.println("error: cannot turn " + json + " into a report: " + unusable.getMessage());
      return EXIT_FAILED;
    }
    out.println("HTML report: " + target.toAbsolutePath());
    return EXIT_WRITTEN;
  }
}
