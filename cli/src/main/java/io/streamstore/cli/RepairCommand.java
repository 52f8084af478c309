package io.streamstore.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code repair URL --yes}: the file backend's repair, never without explicit confirmation. */
@Command(
    name = "repair",
    header = "Repair a damaged file store after backing it up (asks for --yes).",
    description = {
      "Repair a damaged file store (file backend only): each damaged file is first copied to a",
      "backup next to it, then truncated at the first bad record or rebuilt (index files), and",
      "every dropped record is listed. Without --yes nothing is changed: the command only says",
      "what it would do. Stop the server that uses the store first (the store's lock is taken)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore repair streamstore:file:/var/lib/nats/store          (what would be done)",
      "  streamstore repair --yes streamstore:file:/var/lib/nats/store    (do it)"
    },
    mixinStandardHelpOptions = true)
final class RepairCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The file store URL.")
  String url;

  @Option(names = "--yes", description = "Really change the files (after backing them up).")
  boolean yes;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    var parsed = StoreAccess.parse(url);
    if (!parsed.isBackend("file")) {
      throw new UserException("repair works on file stores only (streamstore:file:<dir>); for "
          + parsed.backend() + " stores use the database's own tools, or copy what is readable"
          + " into a new store with 'streamstore copy'");
    }
    StoreAccess.requireExistingDirectory(parsed);
    return FileStoreTools.repair(parsed, yes, out);
  }
}
