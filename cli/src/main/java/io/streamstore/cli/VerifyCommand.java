package io.streamstore.cli;

import io.streamstore.StoreUrl;
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
      "A missing index file is a warning (the store rebuilds it when it opens), not damage.",
      "Exit code 0: clean (warnings only); 1: problems found; 2: the store could not be opened."
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
    java.util.function.Consumer<Problem> add = p -> {
      problems.add(p);
      if (!json) {
        out.result(p.describe());
      }
    };
    // the store API's view of damage the record files already showed is a repeat, not news
    java.util.function.Consumer<Problem> fromStore = p -> {
      if (isRepeat(problems, p)) {
        out.detail("also seen through the store API: " + p.describe());
      } else {
        add.accept(p);
      }
    };
    List<String> checked = new ArrayList<>();
    FileStoreTools.verify(StoreAccess.parse(url), out).ifPresent(fileProblems -> {
      checked.add("record files");
      fileProblems.forEach(add);
    });
    StoreChecker.Summary summary = null;
    if (StoreAccess.hasDriver(url)) {
      try (StoreAccess.Opened opened = openForCheck(url, fromStore)) {
        if (opened != null) {
          summary = new StoreChecker(fromStore).check(opened.state());
          checked.add("messages and subscriptions");
        }
      }
    } else if (checked.isEmpty()) {
      StoreAccess.openReadOnly(url); // fails with the usual "no installed backend" message
    } else {
      out.info("the store itself cannot be opened by this build; only its files were checked");
    }
    long damage = problems.stream().filter(p -> !p.warning()).count();
    long warnings = problems.size() - damage;
    String warned = warnings == 0 ? "" : ", " + warnings + " warning(s) (the store repairs them"
        + " itself when it opens)";
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("url", StoreAccess.parse(url).redacted());
      m.put("checked", checked);
      m.put("channels", summary == null ? null : summary.channels());
      m.put("messages", summary == null ? null : summary.messages());
      m.put("subscriptions", summary == null ? null : summary.subscriptions());
      m.put("problems", problems.stream().map(Problem::toJson).toList());
      out.result(Json.write(m));
    } else if (summary != null) {
      out.result(String.format(java.util.Locale.ROOT,
          "%s: %d channel(s), %d message(s), %d subscription(s) read; %s%s",
          damage == 0 ? "OK" : "DAMAGED", summary.channels(), summary.messages(),
          summary.subscriptions(), damage == 0 ? "no problem found" : damage + " problem(s)",
          warned));
    } else if (damage == 0) {
      out.result("OK: the store's files are clean; no problem found" + warned);
    } else {
      out.result("DAMAGED: " + damage + " problem(s)" + warned
          + (StoreAccess.hasDriver(url) ? "; the store cannot be recovered as it is" : ""));
    }
    if (damage > 0 && !json) {
      out.info("run 'streamstore repair --help' to see how the file backend can repair a store");
    }
    return damage == 0 ? ExitCodes.OK : ExitCodes.PROBLEMS;
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
      throw new UserException("cannot open " + StoreUrl.redact(url) + ": " + e.getMessage(),
          ExitCodes.CANNOT_OPEN, e);
    }
  }
}
