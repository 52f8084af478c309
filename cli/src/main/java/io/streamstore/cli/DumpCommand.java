package io.streamstore.cli;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code dump URL CHANNEL}: a channel's messages as text or JSON lines, read without changing them. */
@Command(
    name = "dump",
    header = "Print a channel's messages as text or JSON lines (read-only).",
    description = {
      "Print the messages of a channel, one per line: as text (payload as UTF-8 when printable,",
      "base64 otherwise) or as JSON lines. Read-only. A message that cannot be read is reported",
      "on standard error and skipped; the exit code is then 1."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore dump streamstore:file:/var/lib/nats/store orders --from 100 --to 120",
      "  streamstore dump --json streamstore:file:/var/lib/nats/store orders --since 2024-05-01T00:00:00Z",
      "  streamstore dump streamstore:jdbc:h2:/tmp/store/db orders --since 15m"
    },
    mixinStandardHelpOptions = true)
final class DumpCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The store URL.")
  String url;

  @Parameters(index = "1", paramLabel = "CHANNEL", description = "The channel to print.")
  String channel;

  @Option(names = "--from", paramLabel = "SEQ", description = "First sequence (default: the first).")
  Long from;

  @Option(names = "--to", paramLabel = "SEQ", description = "Last sequence (default: the last).")
  Long to;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description = "Start at the first message received at or after TIME: an ISO-8601 instant"
          + " (2024-05-01T12:00:00Z) or a duration back from now (90s, 15m, 2h, 1d).")
  String since;

  @Option(names = "--json", description = "Print JSON lines: seq, subject, reply, timestamp, time,"
      + " size, and data (text) or dataBase64.")
  boolean json;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    if (from != null && to != null && from > to) {
      throw new UserException("--from " + from + " is after --to " + to
          + ": the range is empty; give --from at or below --to");
    }
    Optional<Long> sinceNanos = since == null ? Optional.empty() : Optional.of(parseSince(since));
    try (StoreAccess.Opened opened = StoreAccess.openReadOnly(url)) {
      RecoveredChannel rc = opened.state()
          .map(s -> s.channels().get(channel))
          .orElseThrow(() -> noSuchChannel(opened));
      MsgStore msgs = rc.channel().msgs();
      SequenceRange range = msgs.firstAndLastSequence();
      long start = Math.max(range.first(), from == null ? range.first() : from);
      if (sinceNanos.isPresent()) {
        start = Math.max(start, msgs.sequenceForTimestamp(sinceNanos.get()));
      }
      long end = Math.min(range.last(), to == null ? range.last() : to);
      long printed = 0;
      long damaged = 0;
      for (long seq = Math.max(start, 1); seq <= end; seq++) {
        Optional<MsgProto> msg;
        try {
          msg = msgs.lookup(seq);
        } catch (StoreException e) {
          damaged++;
          out.warn("cannot read " + channel + " sequence " + seq + ": " + e.getMessage());
          continue;
        }
        if (msg.isPresent()) {
          out.out().println(json ? Json.write(StoreViews.message(msg.get())) : text(msg.get()));
          printed++;
        }
      }
      out.out().flush();
      out.info("dumped " + printed + " message(s) of " + channel
          + (damaged > 0 ? ", " + damaged + " unreadable" : ""));
      return damaged > 0 ? ExitCodes.PROBLEMS : ExitCodes.OK;
    }
  }

  private UserException noSuchChannel(StoreAccess.Opened opened) {
    TreeSet<String> names = new TreeSet<>(
        opened.state().map(s -> s.channels().keySet()).orElse(java.util.Set.of()));
    return new UserException("no channel '" + channel + "' in " + opened.url().redacted()
        + (names.isEmpty() ? " (the store has no channels)" : "; channels: " + String.join(", ", names)));
  }

  private static String text(MsgProto m) {
    String payload = Payloads.asText(m.getData());
    String shown = payload == null
        ? "base64:" + Payloads.asBase64(m.getData())
        : payload.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    return m.getSequence() + "  " + StoreViews.time(m.getTimestamp()) + "  " + m.getSubject()
        + (m.getReply().isEmpty() ? "" : " reply=" + m.getReply()) + "  " + m.getData().size()
        + " B  " + shown;
  }

  /** An ISO-8601 instant, or a duration back from now, as epoch nanoseconds. */
  static long parseSince(String text) {
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException notInstant) {
      Duration ago;
      try {
        ago = StoreOptions.parseDuration("--since", text);
      } catch (InvalidOptionException e) {
        throw new UserException("--since '" + text + "' is neither an ISO-8601 instant"
            + " (2024-05-01T12:00:00Z) nor a duration (90s, 15m, 2h, 1d)");
      }
      instant = Instant.now().minus(ago);
    }
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
