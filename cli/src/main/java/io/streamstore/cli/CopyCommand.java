package io.streamstore.cli;

import io.streamstore.jetstream.DurableConsumerExport;
import io.streamstore.spi.RecoveredState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code copy SOURCE TARGET}: everything from one store into another, resumable. */
@Command(
    name = "copy",
    header = "Copy everything from one store into another (resumable).",
    description = {
      "Copy server info, clients, channels, messages (with their sequences and timestamps) and",
      "subscriptions with their pending sets from any store into any other, e.g. a directory",
      "written by NATS Streaming into PostgreSQL. The source is opened read-only.",
      "Resumable: run it again after an interruption and it continues where it stopped, without",
      "duplicates (messages above the target's last sequence are added; subscriptions are matched",
      "by client id, queue group, durable name and inbox). Subscription ids are assigned by the",
      "target. Nothing in the target is deleted. At the end the target is reopened and compared",
      "with the source (exit code 1 when they differ)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore copy streamstore:file:/var/lib/nats/store streamstore:jdbc:h2:/tmp/copy/db",
      "  streamstore copy streamstore:file:/var/lib/nats/store \\",
      "      'streamstore:jdbc:postgresql://127.0.0.1/test?user=postgres'",
      "  streamstore copy --skip-damaged streamstore:file:/damaged/store streamstore:file:/new/store",
      "  streamstore copy --jetstream-consumers streamstore:file:/var/lib/nats/store \\",
      "      'streamstore:jetstream://127.0.0.1:4222?replicas=3'",
      "  streamstore copy 'streamstore:file:/nats/store?encrypt=true&encryptionKeyFile=/etc/nats.key' \\",
      "      streamstore:file:/plain/store",
      "  streamstore copy 'streamstore:jdbc:postgresql://127.0.0.1/nats?user=postgres&layout=nss' \\",
      "      streamstore:file:/new/store"
    },
    mixinStandardHelpOptions = true)
final class CopyCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SOURCE_URL", description = "The store to read.")
  String source;

  @Parameters(index = "1", paramLabel = "TARGET_URL", description = "The store to write.")
  String target;

  @Option(names = "--json", description = "Print the outcome as one JSON object.")
  boolean json;

  @Option(
      names = "--skip-damaged",
      description = "Report and skip source messages that cannot be read (bad CRC) instead of"
          + " stopping at the first; the final check then reports the missing ones (exit 1).")
  boolean skipDamaged;

  @Option(
      names = "--jetstream-consumers",
      description = "Target is a JetStream store: also create, for every durable subscription, a"
          + " durable JetStream consumer that starts at its oldest unacknowledged sequence"
          + " (existing consumers are kept).")
  boolean jetstreamConsumers;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    if (StoreAccess.parse(source).url().equals(StoreAccess.parse(target).url())) {
      throw new UserException("source and target are the same store: " + source);
    }
    long start = System.nanoTime();
    try (StoreAccess.Opened src = StoreAccess.openReadOnly(source)) {
      if (src.state().isEmpty()) {
        out.info("the source " + source + " holds nothing (never initialised); nothing copied");
        return ExitCodes.OK;
      }
      RecoveredState from = src.state().get();
      StoreCopier.Report report;
      boolean persistentTarget;
      try (StoreAccess.Opened dst = StoreAccess.openForWriting(target, false);
          CloseOnExit onExit = new CloseOnExit(dst, out)) {
        out.info("copying " + from.channels().size() + " channel(s) from " + source + " to "
            + target + (dst.state().isPresent() ? " (resuming into existing data)" : ""));
        if (jetstreamConsumers && !"JETSTREAM".equals(dst.store().type())) {
          throw new UserException("--jetstream-consumers needs a streamstore:jetstream:// target, not "
              + target);
        }
        report = new StoreCopier(out, Progress.onTerminal(), skipDamaged).copy(from, dst.store(), dst.state());
        persistentTarget = !"MEMORY".equalsIgnoreCase(dst.store().type());
        if (jetstreamConsumers) {
          for (DurableConsumerExport.Consumer c : DurableConsumerExport.export(dst.store(), from)) {
            out.result(String.format(Locale.ROOT,
                "consumer %s on stream %s (channel %s) starts at sequence %d: %s", c.consumer(),
                c.stream(), c.channel(), c.startSequence(), c.created() ? "created" : "kept"));
          }
        }
      }
      List<String> mismatches = new ArrayList<>(report.mismatches());
      if (persistentTarget) {
        out.info("verifying: reopening " + target);
        try (StoreAccess.Opened check = StoreAccess.openReadOnly(target)) {
          mismatches = check.state()
              .map(s -> StoreCopier.compare(from, s))
              .orElse(List.of("the target holds nothing after the copy"));
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      print(out, report, mismatches, seconds);
      return mismatches.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }
  }

  /**
   * Closes the target when the process is told to stop (SIGTERM, Ctrl-C) while copying: what was
   * stored is flushed and the target's lock is released, so that the same copy can be run again at
   * once and resumes. Removed again when the copy ends by itself.
   */
  private static final class CloseOnExit implements AutoCloseable {
    private final Thread hook;

    CloseOnExit(StoreAccess.Opened target, Output out) {
      this.hook = new Thread(() -> {
        try {
          target.close();
          out.info("interrupted: the target was flushed and closed (its lock released); run the"
              + " same copy again to resume");
        } catch (RuntimeException e) {
          out.warn("interrupted; closing the target failed: " + e.getMessage());
        }
      }, "streamstore-copy-close");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) and closes the target itself
      }
    }
  }

  private void print(Output out, StoreCopier.Report r, List<String> mismatches, double seconds) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("source", StoreAccess.parse(source).redacted());
      m.put("target", StoreAccess.parse(target).redacted());
      m.put("channels", r.channels());
      m.put("clients", r.clients());
      m.put("messagesCopied", r.messagesCopied());
      m.put("messagesAlreadyThere", r.messagesAlreadyThere());
      m.put("subscriptionsCreated", r.subscriptionsCreated());
      m.put("subscriptionsMatched", r.subscriptionsMatched());
      m.put("seconds", seconds);
      m.put("verified", mismatches.isEmpty());
      m.put("unreadable", r.unreadable());
      m.put("mismatches", mismatches);
      out.result(Json.write(m));
      return;
    }
    out.result(String.format(Locale.ROOT,
        "copied %,d message(s) (%,d already there), %d channel(s), %d client(s),"
            + " %d subscription(s) created, %d matched, in %.1f s",
        r.messagesCopied(), r.messagesAlreadyThere(), r.channels(), r.clients(),
        r.subscriptionsCreated(), r.subscriptionsMatched(), seconds));
    r.unreadable().forEach(u -> out.result("UNREADABLE " + u));
    if (mismatches.isEmpty()) {
      out.result("verified: the target holds the same channels, message counts, sequences and"
          + " pending sets as the source");
    } else {
      mismatches.forEach(m -> out.result("MISMATCH " + m));
    }
  }
}
