package io.streamstore.file.recovery;

import com.google.protobuf.CodedInputStream;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordProblem;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.MsgProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Walks every record of every message slice of a channel directory and every index entry, and reports
 * each problem with its file and offset. Opens files read-only and changes nothing; damage is
 * reported, never thrown. CRCs are always checked, whatever {@code doCRC} says. Memory stays bounded
 * (one record at a time, size fields checked before reading).
 *
 * <p>Stateless; thread-safe.
 */
public final class MsgLogVerifier {

  private MsgLogVerifier() {}

  /**
   * One problem.
   *
   * @param file the file
   * @param offset byte offset in it (-1 when it concerns the whole file)
   * @param problem what is wrong
   */
  public record Finding(Path file, long offset, String problem) {}

  /**
   * The outcome.
   *
   * @param findings every problem found, in file order
   * @param records data records read successfully
   */
  public record VerifyResult(List<Finding> findings, long records) {
    /** Copies the list. */
    public VerifyResult {
      findings = List.copyOf(findings);
    }

    /** Whether nothing was found. */
    public boolean clean() {
      return findings.isEmpty();
    }
  }

  /**
   * Verifies the message slices of {@code channelDir}.
   *
   * @throws IOException only when the file system fails (not for damage)
   */
  public static VerifyResult verify(FileIO io, Path channelDir, FileStoreOptions opts)
      throws IOException {
    RecordCodec codec =
        new RecordCodec(Crc32.of(opts.crcPolynomial()), opts.recordSizeLimit(), true);
    List<Finding> out = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    for (Path p : io.list(channelDir)) {
      OptionalInt n = MsgFiles.sliceOfDataFile(p.getFileName().toString());
      n.ifPresent(numbers::add);
    }
    numbers.sort(null);
    long records = 0;
    long prevLast = 0;
    for (int n : numbers) {
      long[] seqs = {0, 0};
      records += verifySlice(io, channelDir, n, codec, out, seqs);
      if (seqs[0] != 0 && prevLast != 0 && seqs[0] <= prevLast) {
        out.add(new Finding(MsgFiles.data(channelDir, n), FileVersion.SIZE,
            "slice starts at sequence " + seqs[0] + ", not after " + prevLast));
      }
      if (seqs[1] != 0) {
        prevLast = seqs[1];
      }
    }
    return new VerifyResult(out, records);
  }

  private static long verifySlice(FileIO io, Path dir, int n, RecordCodec codec, List<Finding> out,
      long[] seqs) throws IOException {
    Path dat = MsgFiles.data(dir, n);
    Path idx = MsgFiles.index(dir, n);
    FileHandle x = io.exists(idx) ? io.open(idx, FileIO.OpenMode.READ) : null;
    try (FileHandle d = io.open(dat, FileIO.OpenMode.READ)) {
      long size = d.size();
      if (!versionOk(d, dat, out)) {
        return 0;
      }
      long indexEntries = -1;
      if (x == null) {
        out.add(new Finding(idx, -1, "index file missing"));
      } else if (versionOk(x, idx, out)) {
        long isz = x.size();
        indexEntries = (isz - FileVersion.SIZE) / IndexCodec.SIZE;
        if ((isz - FileVersion.SIZE) % IndexCodec.SIZE != 0) {
          out.add(new Finding(idx, FileVersion.SIZE + indexEntries * IndexCodec.SIZE,
              "incomplete index entry at the end"));
        }
      }
      DataScanner sc = new DataScanner(d, size, codec, 1 << 20);
      ByteBuffer e = ByteBuffer.allocate(IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      long at = FileVersion.SIZE;
      long i = 0;
      long prev = 0;
      long ok = 0;
      while (true) {
        RecordProblem p = sc.next(at);
        if (p == null && sc.payload == null) {
          break;
        }
        if (p != null && p != RecordProblem.BAD_CRC) {
          if (p == RecordProblem.ZERO_FILL && sc.zeroFrom(at)) {
            out.add(new Finding(dat, at, "zero-filled tail of " + (size - at) + " bytes"));
          } else {
            out.add(new Finding(dat, at, p.description()));
          }
          break;
        }
        long seq = 0;
        long ts = 0;
        if (p == RecordProblem.BAD_CRC) {
          out.add(new Finding(dat, at, "CRC-32 mismatch"));
          prev = prev == 0 ? 0 : prev + 1; // assume the damaged record held the next sequence
        } else {
          try {
            MsgProto m = MsgProto.parseFrom(CodedInputStream.newInstance(sc.payload));
            seq = m.getSequence();
            ts = m.getTimestamp();
            ok++;
            if (prev != 0 && seq != prev + 1) {
              out.add(new Finding(dat, at, "sequence " + seq + " follows " + prev));
            }
            if (seqs[0] == 0) {
              seqs[0] = seq;
            }
            seqs[1] = seq;
            prev = seq;
          } catch (IOException ex) {
            out.add(new Finding(dat, at, "record is not a valid message"));
          }
        }
        if (x != null && i < indexEntries) {
          long pos = FileVersion.SIZE + i * IndexCodec.SIZE;
          e.clear();
          x.readFully(e, pos);
          if (!IndexCodec.crcMatches(e, 0)) {
            out.add(new Finding(idx, pos, "index entry CRC-32 mismatch"));
          } else if (IndexCodec.offset(e, 0) != at || IndexCodec.size(e, 0) != sc.payloadSize
              || (seq != 0 && (IndexCodec.seq(e, 0) != seq || IndexCodec.timestamp(e, 0) != ts))) {
            out.add(new Finding(idx, pos, "index entry (sequence " + IndexCodec.seq(e, 0)
                + ", offset " + IndexCodec.offset(e, 0) + ") does not match the record at " + at));
          }
        }
        i++;
        at += RecordCodec.HEADER_SIZE + sc.payloadSize;
      }
      if (x != null && indexEntries >= 0 && indexEntries != i) {
        out.add(new Finding(idx, -1, "index has " + indexEntries + " entries for " + i
            + " records in the data file"));
      }
      return ok;
    } finally {
      if (x != null) {
        x.close();
      }
    }
  }

  private static boolean versionOk(FileHandle f, Path p, List<Finding> out) throws IOException {
    if (f.size() < FileVersion.SIZE) {
      out.add(new Finding(p, 0, "file too short for its version header"));
      return false;
    }
    ByteBuffer v = ByteBuffer.allocate(FileVersion.SIZE).order(ByteOrder.LITTLE_ENDIAN);
    f.readFully(v, 0);
    v.flip();
    String problem = FileVersion.problem(v);
    if (problem != null) {
      out.add(new Finding(p, 0, problem));
      return false;
    }
    return true;
  }
}
