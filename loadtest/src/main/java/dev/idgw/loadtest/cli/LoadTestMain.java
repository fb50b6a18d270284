package dev.idgw.loadtest.cli;

import dev.idgw.loadtest.CommandLine;
import dev.idgw.loadtest.LoadReport;
import dev.idgw.loadtest.LoadTest;
import dev.idgw.loadtest.LoadTestConfig;
import dev.idgw.loadtest.UsageException;
import dev.idgw.loadtest.report.ReportMain;
import dev.idgw.loadtest.scenario.ScenarioMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The load test's command line (the jar's main class), above the generator and the scenario so that
 * neither depends on the other through it ({@code report} turns a scenario's JSON into its HTML page). Parse, run, print the table to stdout (and JSON to {@code --json-out}), progress to
 * stderr. Exit 0 after a run, 2 on bad arguments, 1 on a config error (unreadable devices file, report
 * not writable) or when no request ever reached the target.
 */
public final class LoadTestMain {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private LoadTestMain() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (!args.isEmpty() && args.get(0).equals("scenario")) {
      return ScenarioMain.run(args.subList(1, args.size()), out, err);
    }
    if (!args.isEmpty() && args.get(0).equals("report")) {
      return ReportMain.run(args.subList(1, args.size()), out, err);
    }
    if (args.contains("--help") || args.contains("-h")) {
      out.println(CommandLine.USAGE);
      return EXIT_OK;
    }
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(args);
    } catch (UsageException bad) {
      err.println("error: " + bad.getMessage());
      err.println(CommandLine.USAGE);
      return EXIT_USAGE;
    } catch (IOException unreadable) {
      err.println("error: cannot read devices file: " + unreadable.getMessage());
      return EXIT_FAILED;
    }
    LoadTestConfig config = commandLine.config();
    err.printf(Locale.ROOT, "load test %s: %s at %.1f req/s for %.3fs after %.3fs warmup%n", config.label(),
        config.target(), config.ratePerSecond(), config.duration().toMillis() / 1000.0,
        config.warmup().toMillis() / 1000.0);
    LoadReport report = LoadTest.run(config, progress -> err.println(progress.line()));
    out.print(report.toTable());
    out.flush();
    if (commandLine.jsonOut().isPresent()) {
      Path file = commandLine.jsonOut().get();
      try {
        Files.writeString(file, report.toJson().encodePrettily() + System.lineSeparator());
      } catch (IOException unwritable) {
        err.println("error: cannot write " + file + ": " + unwritable.getMessage());
        return EXIT_FAILED;
      }
    }
    if (report.targetUnreachable()) {
      err.println("error: the target was unreachable for every request");
      return EXIT_FAILED;
    }
    return EXIT_OK;
  }
}
