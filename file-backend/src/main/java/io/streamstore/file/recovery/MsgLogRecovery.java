package io.streamstore.file.recovery;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.CrashDebris;
import io.streamstore.file.meta.Manifest;
import io.streamstore.spi.CorruptedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
   *     {@link MsgFiles#EMPTIED} or the manifest), else 0
   * @param committedFirst the first sequence the manifest recorded (messages below it were removed
   *     by limits and must not come back), else 0
   * @param manifest the manifest as found (null when there was none)
   */
  public record Result(List<RecoveredSlice> slices, MsgLogRecoveryReport report, long emptiedLast,
      long committedFirst, Manifest manifest) {

    /** A new, empty log. */
    public static Result none(String channel) {
      return new Result(List.of(), MsgLogRecoveryReport.none(channel), 0, 0, null);
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
    return new SliceRecovery(io, opts, codec, channelDir, number, true, false).rebuildOnly(why);
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
    Optional<Manifest> manifest = Manifest.read(io, channelDir.resolve(MsgFiles.MANIFEST));
    if (manifest.isPresent()) {
      checkCommitted(io, channelDir, manifest.get()); // before anything is cut or rewritten
    }
    List<RecoveredSlice> slices = new ArrayList<>();
    List<SliceReport> reports = new ArrayList<>();
    RecoveredSlice prev = null;
    boolean removedAny = false;
    for (int i = 0; i < numbers.size(); i++) {
      int n = numbers.get(i);
      boolean last = i == numbers.size() - 1;
      Path dat = MsgFiles.data(channelDir, n);
      boolean debris = last && writable && CrashDebris.unclean(opts.cutTornTailAfterCrash(), manifest);
      SliceRecovery r = new SliceRecovery(io, opts, codec, channelDir, n, last, debris);
      if (debris) {
        r.committed = manifest.get().entry(dat.getFileName().toString())
            .map(Manifest.Entry::length).orElse(0L);
      }
      RecoveredSlice s = r.run();
      if (s.count() == 0 && !last) {
        // Slices only follow a slice that held messages: an empty one before the last lost them.
        throw new CorruptedDataException("slice " + n + " holds no message, but slice "
            + numbers.get(numbers.size() - 1) + " follows it: a slice is complete before the next"
            + " one starts, so its messages were lost (zero-filled or emptied). Restore the file from"
            + " a backup; truncateUnexpectedEOF does not apply to a slice before the last", dat.toString(),
            FileVersion.SIZE, null);
      }
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
    long committedFirst = 0;
    if (manifest.isPresent()) {
      Manifest m = manifest.get();
      long recoveredLast = slices.isEmpty() ? emptiedLast : slices.get(slices.size() - 1).lastSeq();
      if (recoveredLast < m.last()) {
        if (!slices.isEmpty() || !m.files().isEmpty()) {
          throw new CorruptedDataException("the message log ends at sequence " + recoveredLast
              + " but sequence " + m.last() + " was committed (" + MsgFiles.MANIFEST + "): flushed"
              + " messages were lost; restore the slice files from a backup, or remove "
              + MsgFiles.MANIFEST + " to accept the loss",
              channelDir.resolve(MsgFiles.MANIFEST).toString(), 0, null);
        }
        emptiedLast = m.last(); // emptied, or every message removed: sequences continue
      }
      committedFirst = m.first();
    }
    return new Result(slices, report, emptiedLast, committedFirst, manifest.orElse(null));
  }

  /**
   * Checks every file the manifest lists against its committed length and tail: a slice cut or
   * zero-filled inside committed data, or missing, is damage, whichever slice it is.
   *
   * @throws CorruptedDataException naming the file and the offset where committed data is missing
   */
  public static void checkCommitted(FileIO io, Path channelDir, Manifest m) throws IOException {
    for (Manifest.Entry e : m.files()) {
      Path f = channelDir.resolve(e.name());
      Optional<Manifest.Damage> d = Manifest.check(io, f, e);
      if (d.isPresent()) {
        throw d.get().toException(f.toString(), MsgFiles.MANIFEST);
      }
    }
  }
}
