package io.streamstore.file.recovery;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileIO;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers the message slices of one channel directory (see {@link SliceRecovery} for one slice),
 * removes empty slices and leftover temporary index files (unless read-only), and checks that the
 * slices follow each other. Runs away from the hot path: the log is built from its result.
 *
 * <p>Stateless; thread-safe.
 */
public final class MsgLogRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(MsgLogRecovery.class);

  private MsgLogRecovery() {}

  /**
   * The recovered slices (non-empty ones, in order) and what was done.
   *
   * @param slices recovered slices holding at least one message
   * @param report per-slice report
   * @param emptiedLast the last sequence of a log that was emptied and has no slice since (from
   *     {@link MsgFiles#EMPTIED}), else 0
   */
  public record Result(List<RecoveredSlice> slices, MsgLogRecoveryReport report, long emptiedLast) {

    /** A new, empty log. */
    public static Result none(String channel) {
      return new Result(List.of(), MsgLogRecoveryReport.none(channel), 0);
    }
  }

  /**
   * Rebuilds the index of slice {@code number} from its data file (into memory when read-only), for a
   * live log that found a damaged index entry. The slice's files must be closed by the caller.
   */
  public static RecoveredSlice rebuildIndex(
      FileIO io, Path channelDir, int number, FileStoreOptions opts, String why) throws IOException {
    RecordCodec codec =
        new RecordCodec(Crc32.of(opts.crcPolynomial()), opts.recordSizeLimit(), opts.doCRC());
    return new SliceRecovery(io, opts, codec, channelDir, number, true).rebuildOnly(why);
  }

  /**
   * Recovers {@code channelDir}.
   *
   * @throws CorruptedDataException naming the file and offset of damage recovery cannot settle
   * @throws IOException when the file system fails
   */
  public static Result recover(FileIO io, Path channelDir, String channel, FileStoreOptions opts)
      throws IOException {
    boolean writable = !opts.readOnly();
    RecordCodec codec =
        new RecordCodec(Crc32.of(opts.crcPolynomial()), opts.recordSizeLimit(), opts.doCRC());
    List<Integer> numbers = new ArrayList<>();
    for (Path p : io.list(channelDir)) {
      String name = p.getFileName().toString();
      OptionalInt n = MsgFiles.sliceOfDataFile(name);
      if (n.isPresent()) {
        numbers.add(n.getAsInt());
      } else if (writable && name.startsWith("msgs.") && name.endsWith(".tmp")) {
        io.deleteIfExists(p);
      }
    }
    numbers.sort(null);
    List<RecoveredSlice> slices = new ArrayList<>();
    List<SliceReport> reports = new ArrayList<>();
    RecoveredSlice prev = null;
    boolean removedAny = false;
    for (int i = 0; i < numbers.size(); i++) {
      int n = numbers.get(i);
      SliceRecovery r =
          new SliceRecovery(io, opts, codec, channelDir, n, i == numbers.size() - 1);
      RecoveredSlice s = r.run();
      if (s.count() == 0) {
        if (writable) {
          io.deleteIfExists(MsgFiles.data(channelDir, n));
          io.deleteIfExists(MsgFiles.index(channelDir, n));
          removedAny = true;
        }
        r.actions.add(SliceAction.EMPTY_REMOVED);
      } else {
        if (prev != null && s.firstSeq() <= prev.lastSeq()) {
          throw new CorruptedDataException(
              "slice " + n + " starts at sequence " + s.firstSeq() + ", not after sequence "
                  + prev.lastSeq() + " that ends slice " + prev.number(),
              MsgFiles.data(channelDir, n).toString(), 4, null);
        }
        slices.add(s);
        prev = s;
      }
      reports.add(new SliceReport(n, r.actions, s.count(), r.dropped, r.detail.toString()));
    }
    if (removedAny) {
      io.forceDirectory(channelDir);
    }
    MsgLogRecoveryReport report = new MsgLogRecoveryReport(channel, reports);
    if (report.any(SliceAction.INDEX_REBUILT) || report.bytesDropped() > 0) {
      LOG.warn("channel {}: message log recovered with repairs: {}", channel, reports);
    }
    long emptiedLast = EmptiedMarker.read(io, channelDir, codec);
    if (emptiedLast != 0 && !slices.isEmpty()) {
      // a slice was created after empty(): it carries the sequences now
      if (writable) {
        EmptiedMarker.delete(io, channelDir);
      }
      emptiedLast = 0;
    }
    return new Result(slices, report, emptiedLast);
  }
}
