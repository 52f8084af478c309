package io.streamstore.cli;

import io.streamstore.StoreUrl;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.tools.RepairReport;
import io.streamstore.file.tools.StoreRepair;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.file.tools.VerifyReport;
import io.streamstore.spi.StoreOptions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * The bridge to the file backend's own tools, {@link StoreVerifier} and {@link StoreRepair}, which
 * read the record files directly and so point at the exact file and byte that is wrong. Files are
 * named relative to the store directory ({@code orders/msgs.1.dat}).
 *
 * <p>{@code verify} and {@code repair} present the verifier's findings through the same {@link
 * #problem} mapping, so that for one store they list the same lines; a missing index file is a
 * warning in both (the store rebuilds it when it opens).
 */
final class FileStoreTools {

  private FileStoreTools() {}

  /**
   * Runs the file backend's verifier over the directory of a {@code streamstore:file:} URL; reads
   * only, takes no lock.
   *
   * @return the problems it found, or empty when the URL is not a file store URL
   */
  static Optional<List<Problem>> verify(StoreUrl url, Output out) {
    if (!url.isBackend("file")) {
      return Optional.empty();
    }
    StoreAccess.requireExistingDirectory(url);
    VerifyReport report = StoreVerifier.verify(root(url), options(url));
    out.detail("file verifier: " + report.filesChecked() + " file(s), " + report.recordsChecked()
        + " record(s) checked");
    return Optional.of(report.problems().stream().map(FileStoreTools::problem).toList());
  }

  /**
   * Repairs a file store: with {@code apply == false} only lists what is wrong and changes nothing.
   *
   * @return {@link ExitCodes#OK} when the store is (now) clean, {@link ExitCodes#PROBLEMS} when
   *     problems remain or were only listed
   */
  static int repair(StoreUrl url, boolean apply, Output out) {
    Path root = root(url);
    FileStoreOptions options = options(url);
    if (!apply) {
      VerifyReport report = StoreVerifier.verify(root, options);
      if (report.ok()) {
        out.result("nothing to repair: " + report.filesChecked() + " file(s), "
            + report.recordsChecked() + " record(s) verified clean");
        return ExitCodes.OK;
      }
      List<Problem> problems = report.problems().stream().map(FileStoreTools::problem).toList();
      problems.forEach(p -> out.result(p.describe()));
      if (problems.stream().allMatch(Problem::warning)) {
        out.result("no damage: the store rebuilds what is listed when it opens; run again with"
            + " --yes to write it now");
        return ExitCodes.OK;
      }
      out.result("nothing was changed. Run again with --yes to back up the damaged files and"
          + " repair them (stop the server using the store first).");
      return ExitCodes.PROBLEMS;
    }
    RepairReport report = StoreRepair.repair(root, options);
    if (report.before().ok()) {
      out.result("nothing to repair: the store verifies clean");
      return ExitCodes.OK;
    }
    for (RepairReport.Action a : report.actions()) {
      StringBuilder line = new StringBuilder(a.kind().name()).append(' ').append(a.file())
          .append(": ").append(a.detail());
      if (a.bytesDropped() > 0) {
        line.append(" (").append(a.bytesDropped()).append(" bytes dropped)");
      }
      if (!a.droppedSequences().isEmpty()) {
        line.append("; messages lost: ").append(sequences(a.droppedSequences()));
      }
      out.result(line.toString());
    }
    if (report.after().ok()) {
      out.result("repaired: the store now verifies clean (backups are next to the changed files)");
      return ExitCodes.OK;
    }
    out.result("problems remain after repair:");
    report.after().problems().forEach(p -> out.result(problem(p).describe()));
    return ExitCodes.PROBLEMS;
  }

  private static String sequences(List<Long> seqs) {
    if (seqs.size() <= 20) {
      return seqs.toString();
    }
    return seqs.size() + " sequences " + seqs.get(0) + ".." + seqs.get(seqs.size() - 1);
  }

  /** The one presentation of a verifier finding, shared by verify and repair. */
  static Problem problem(io.streamstore.file.tools.Problem p) {
    int slash = p.file().indexOf('/');
    String channel = slash > 0 ? p.file().substring(0, slash) : null;
    return new Problem(channel, p.file(), p.offset(), p.kind() + ": " + p.message(),
        isWarning(p.kind()));
  }

  /** Kinds the store repairs by itself on open, as NATS Streaming does: not damage. */
  static boolean isWarning(io.streamstore.file.tools.Problem.Kind kind) {
    return kind == io.streamstore.file.tools.Problem.Kind.MISSING_INDEX;
  }

  private static Path root(StoreUrl url) {
    return Paths.get(url.location());
  }

  private static FileStoreOptions options(StoreUrl url) {
    return FileStoreOptions.from(StoreOptions.of(url.options()));
  }
}
