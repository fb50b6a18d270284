package dev.idgw.loadtest.scenario;

import dev.idgw.loadtest.UsageException;
import dev.idgw.loadtest.report.HtmlReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code loadtest.jar scenario …}: parse, run, print the table to stdout, JSON to {@code --json-out} and the
 * HTML page a person reads to {@code --html-out} (by default beside the JSON); both paths are printed.
 */
public final class ScenarioMain {
  public static final int EXIT_PASSED = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private ScenarioMain() {}

  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(ScenarioOptions.USAGE);
      return EXIT_PASSED;
    }
    ScenarioOptions options;
    try {
      options = ScenarioOptions.parse(args);
      options.requireFiles();
    } catch (UsageException bad) {
      err.println("error: " + bad.getMessage());
      err.println(ScenarioOptions.USAGE);
      return EXIT_USAGE;
    }
    ScenarioResult result;
    try {
      result = new Scenario(options, err).run();
    } catch (Exception failed) {
      err.println("error: scenario failed: " + failed.getMessage());
      return EXIT_FAILED;
    }
    out.print(result.toTable());
    out.flush();
    if (options.jsonOut().isPresent()) {
      try {
        Files.writeString(options.jsonOut().get(), result.toJson().encodePrettily() + System.lineSeparator());
      } catch (IOException unwritable) {
        err.println("error: cannot write " + options.jsonOut().get() + ": " + unwritable.getMessage());
        return EXIT_FAILED;
      }
      out.println("JSON report: " + options.jsonOut().get().toAbsolutePath());
    }
    if (options.htmlReport().isPresent()) {
      Path html = options.htmlReport().get();
      try {
        HtmlReport.write(result.toJson(), html);
      } catch (IOException unwritable) {
        err.println("error: cannot write " + html + ": " + unwritable.getMessage());
        return EXIT_FAILED;
      }
      out.println("HTML report: " + html.toAbsolutePath());
    }
    return result.passed() ? EXIT_PASSED : EXIT_FAILED;
  }
}
