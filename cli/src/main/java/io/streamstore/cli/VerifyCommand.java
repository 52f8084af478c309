package io.streamstore.cli;

import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.StoreException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code verify URL}: reads everything and reports damage, changing nothing. */
@Command(
    name = "verify",
    header = "Check a whole store for damage (read-only).",
    description = {
      "Read the whole store without changing anything and report every problem found, with its",
      "file and offset where the backend stores files. For the file backend the record files are",
      "checked byte by byte (CRCs, sizes, index entries); for every backend every message of every",
      "channel is read back and its sequence and the channel's counts are checked.",
      "Exit code 0: clean; 1: problems found; 2: the store could not be opened."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore verify streamstore:file:/var/lib/nats/store",
      "  streamstore verify --json streamstore:jdbc:h2:/tmp/store/db"
    },
    mixinStandardHelpOptions = true)
final class VerifyCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The store URL.")
  String url;

  @Option(names = "--json", description = "Print one JSON object with the problems found.")
  boolean json;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    List<Problem> problems = new ArrayList<>();
    java.util.function.Consumer<Problem> report = p -> {
      if (isRepeat(problems, p)) {
        out.detail("also seen through the store API: " + p.describe());
        return;
      }
      problems.add(p);
      if (!json) {
        out.result(p.describe());
      }
    };
    List<String> checked = new ArrayList<>();
    FileStoreTools.verify(StoreAccess.parse(url), out).ifPresent(fileProblems -> {
      checked.add("record files");
      fileProblems.forEach(report);
    });
    StoreChecker.Summary summary = null;
    if (StoreAccess.hasDriver(url)) {
      try (StoreAccess.Opened opened = openForCheck(url, report)) {
        if (opened != null) {
          summary = new StoreChecker(report).check(opened.state());
          checked.add("messages and subscriptions");
        }
      }
    } else if (checked.isEmpty()) {
      StoreAccess.openReadOnly(url); // fails with the usual "no installed backend" message
    } else {
      out.info("the store itself cannot be opened by this build; only its files were checked");
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", url);
      m.put("checked", checked);
      m.put("channels", summary == null ? null : summary.channels());
      m.put("messages", summary == null ? null : summary.messages());
      m.put("subscriptions", summary == null ? null : summary.subscriptions());
      m.put("problems", problems.stream().map(Problem::toJson).toList());
      out.result(Json.write(m));
    } else if (summary != null) {
      out.result(String.format(java.util.Locale.ROOT,
          "%s: %d channel(s), %d message(s), %d subscription(s) read; %s",
          problems.isEmpty() ? "OK" : "DAMAGED", summary.channels(), summary.messages(),
          summary.subscriptions(),
          problems.isEmpty() ? "no problem found" : problems.size() + " problem(s)"));
    } else if (problems.isEmpty()) {
      out.result("OK: the store's files are clean; no problem found");
    } else {
      out.result("DAMAGED: " + problems.size() + " problem(s)"
          + (StoreAccess.hasDriver(url) ? "; the store cannot be recovered as it is" : ""));
    }
    if (!problems.isEmpty() && !json) {
      out.info("run 'streamstore repair --help' to see how the file backend can repair a store");
    }
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
  }

  /**
   * Whether a problem the store API reported is one the file verifier already placed in the same
   * file (the API names files by path, the verifier relative to the store directory).
   */
  private static boolean isRepeat(List<Problem> seen, Problem p) {
    if (p.file() == null) {
      return false;
    }
    String file = p.file().replace('\\', '/');
    return seen.stream().anyMatch(s -> s.file() != null
        && (file.equals(s.file()) || file.endsWith("/" + s.file())));
  }

  /**
   * Opens the store; damage found while recovering is a problem (exit 1), not a failure to open.
   * Returns {@code null} when recovery failed on damage.
   */
  private static StoreAccess.Opened openForCheck(
      String url, java.util.function.Consumer<Problem> report) {
    try {
      return StoreAccess.openReadOnly(url);
    } catch (CorruptedDataException e) {
      report.accept(Problem.of(null, e));
      return null;
    } catch (UserException e) {
      throw e;
    } catch (StoreException e) {
      throw new UserException("cannot open " + url + ": " + e.getMessage(), ExitCodes.CANNOT_OPEN);
    }
  }
}
