package io.streamstore.file.tools;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.IndexCodec;
import io.streamstore.file.format.IndexEntry;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.RecordFileReader;
import io.streamstore.proto.MsgProto;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A read-only analysis of one message slice ({@code msgs.N.dat} and {@code msgs.N.idx}): every data
 * record (framing, CRC, protobuf, increasing sequence) and every index entry (own CRC, agreement with
 * its data record). Shared by {@link StoreVerifier} and {@link StoreRepair} so they cannot disagree.
 */
final class SliceScan {

  final Path dat;
  final Path idx;
  final String datName;
  final String idxName;
  final List<IndexEntry> records = new ArrayList<>(); // what the data file really holds, in order
  final List<IndexEntry> indexEntries = new ArrayList<>(); // what the index says (valid CRC only)
  final List<Problem> problems = new ArrayList<>();
  RecordFileReader.Outcome datOutcome; // null when the data file could not be read
  boolean datVersionOk;
  boolean indexMissing;
  boolean indexNeedsRebuild;
  long entriesChecked;

  private SliceScan(Path dat, Path idx, String datName, String idxName) {
    this.dat = dat;
    this.idx = idx;
    this.datName = datName;
    this.idxName = idxName;
  }

  /**
   * Scans a slice.
   *
   * @param previousSeq the last sequence of the previous slice (0 for the first)
   * @param lastSlice whether no slice follows (only its end may be zero-filled, torn or empty)
   */
  static SliceScan scan(FileIO io, Path dat, String datName, RecordCodec codec, long previousSeq,
      boolean lastSlice) {
    String base = dat.getFileName().toString();
    Path idx = dat.resolveSibling(base.substring(0, base.length() - ".dat".length()) + ".idx");
    String idxName = datName.substring(0, datName.length() - ".dat".length()) + ".idx";
    SliceScan s = new SliceScan(dat, idx, datName, idxName);
    s.scanData(io, codec, previousSeq);
    s.scanIndex(io);
    if (!lastSlice) {
      s.middleSliceRule();
    }
    return s;
  }

  /**
   * The rule recovery applies to a slice before the last: it was complete when the next one
   * started, so a zero-filled or torn end, or no message at all, is lost data (never cut).
   */
  private void middleSliceRule() {
    if (datOutcome == null) {
      return;
    }
    problems.removeIf(p -> p.file().equals(datName) && p.kind() == Problem.Kind.TORN_TAIL);
    boolean tornOrZero = datOutcome.end() == RecordFileReader.End.TORN_TAIL
        || datOutcome.end() == RecordFileReader.End.ZERO_TAIL;
    if (tornOrZero) {
      problems.add(new Problem(datName, datOutcome.validEnd(), Problem.Kind.LOST_DATA,
          datOutcome.describe() + " in a slice before the last: its messages from here on were lost;"
              + " restore the file from a backup (truncateUnexpectedEOF does not apply)"));
    } else if (records.isEmpty()) {
      problems.add(new Problem(datName, datOutcome.validEnd(), Problem.Kind.LOST_DATA,
          "a slice before the last holds no message: its messages were lost; restore the file from"
              + " a backup"));
    }
  }

  /** The last sequence found in the data file, or {@code previous} when there is none. */
  long lastSeq(long previous) {
    return records.isEmpty() ? previous : records.get(records.size() - 1).seq();
  }

  private void scanData(FileIO io, RecordCodec codec, long previousSeq) {
    try (FileHandle h = io.open(dat, FileIO.OpenMode.READ)) {
      String bad = RecordFileReader.versionProblem(h);
      if (bad != null) {
        problems.add(new Problem(datName, 0, Problem.Kind.BAD_FILE, bad));
        return;
      }
      datVersionOk = true;
      long[] last = {previousSeq};
      datOutcome =
          RecordFileReader.scan(h, codec, false, (offset, type, payload, crcOk) -> {
            int size = payload.remaining();
            if (!crcOk) {
              problems.add(new Problem(datName, offset, Problem.Kind.BAD_CRC,
                  "message record payload does not match its CRC-32"));
              records.add(new IndexEntry(-1, offset, 0, size)); // keeps positions aligned with the index
              return;
            }
            MsgProto m;
            try {
              m = MsgProto.parseFrom(payload);
            } catch (InvalidProtocolBufferException e) {
              problems.add(new Problem(datName, offset, Problem.Kind.BAD_RECORD,
                  "record is not a message: " + e.getMessage()));
              records.add(new IndexEntry(-1, offset, 0, size));
              return;
            }
            if (m.getSequence() <= last[0]) {
              problems.add(new Problem(datName, offset, Problem.Kind.BAD_SEQUENCE,
                  "sequence " + m.getSequence() + " follows " + last[0]));
            }
            last[0] = Math.max(last[0], m.getSequence());
            records.add(new IndexEntry(m.getSequence(), offset, m.getTimestamp(), size));
          });
      switch (datOutcome.end()) {
        case CLEAN, ZERO_TAIL -> { }
        case TORN_TAIL -> problems.add(new Problem(datName, datOutcome.validEnd(), Problem.Kind.TORN_TAIL,
            datOutcome.describe() + "; " + (datOutcome.fileSize() - datOutcome.validEnd()) + " bytes after the last complete record"));
        default -> problems.add(new Problem(datName, datOutcome.validEnd(), Problem.Kind.BAD_FRAMING,
            datOutcome.describe()));
      }
    } catch (IOException e) {
      problems.add(new Problem(datName, 0, Problem.Kind.BAD_FILE, "cannot read: " + e));
    }
  }

  private void scanIndex(FileIO io) {
    if (!io.exists(idx)) {
      indexMissing = true;
      indexNeedsRebuild = true;
      problems.add(new Problem(idxName, 0, Problem.Kind.MISSING_INDEX,
          "no index file for " + datName + " (recovery rebuilds it from the data file)"));
      return;
    }
    try (FileHandle h = io.open(idx, FileIO.OpenMode.READ)) {
      String bad = RecordFileReader.versionProblem(h);
      if (bad != null) {
        problems.add(new Problem(idxName, 0, Problem.Kind.BAD_FILE, bad));
        indexNeedsRebuild = true;
        return;
      }
      long size = h.size();
      long body = size - FileVersion.SIZE;
      int count = (int) (body / IndexCodec.SIZE);
      ByteBuffer buf = ByteBuffer.allocate(64 * IndexCodec.SIZE).order(ByteOrder.LITTLE_ENDIAN);
      boolean zeroTail = false;
      int seen = 0;
      for (int i = 0; i < count; i++) {
        int slot = i % 64;
        if (slot == 0) {
          int n = Math.min(64, count - i);
          buf.clear().limit(n * IndexCodec.SIZE);
          h.readFully(buf, FileVersion.SIZE + (long) i * IndexCodec.SIZE);
        }
        int pos = slot * IndexCodec.SIZE;
        long offset = FileVersion.SIZE + (long) i * IndexCodec.SIZE;
        entriesChecked++;
        seen = i + 1;
        if (RecordCodec.allZero(buf, pos, IndexCodec.SIZE)) {
          seen = i;
          zeroTail = true; // NATS rewinds an index at zero-filled entries
          break;
        }
        if (!IndexCodec.crcMatches(buf, pos)) {
          problems.add(new Problem(idxName, offset, Problem.Kind.BAD_INDEX, "index record fails its CRC-32"));
          indexNeedsRebuild = true;
          continue;
        }
        IndexEntry e = new IndexEntry(IndexCodec.seq(buf, pos), IndexCodec.offset(buf, pos),
            IndexCodec.timestamp(buf, pos), IndexCodec.size(buf, pos));
        indexEntries.add(e);
        IndexEntry actual = i < records.size() ? records.get(i) : null;
        if (actual == null) {
          problems.add(new Problem(idxName, offset, Problem.Kind.BAD_INDEX,
              "entry for sequence " + e.seq() + " points to offset " + e.offset() + ", past the last"
                  + " complete record of " + datName));
          indexNeedsRebuild = true;
        } else if (actual.seq() >= 0 && !actual.equals(e)) {
          problems.add(new Problem(idxName, offset, Problem.Kind.BAD_INDEX,
              "entry " + e + " does not match the data record " + actual));
          indexNeedsRebuild = true;
        }
      }
      if (!zeroTail && body % IndexCodec.SIZE != 0) {
        problems.add(new Problem(idxName, FileVersion.SIZE + (long) count * IndexCodec.SIZE,
            Problem.Kind.BAD_INDEX, "incomplete last index record (" + body % IndexCodec.SIZE + " bytes)"));
        indexNeedsRebuild = true;
      }
      if (seen < records.size()) {
        problems.add(new Problem(idxName, FileVersion.SIZE + (long) seen * IndexCodec.SIZE,
            Problem.Kind.BAD_INDEX,
            "index has " + seen + " entries but " + datName + " holds " + records.size() + " records"));
        indexNeedsRebuild = true;
      }
    } catch (IOException e) {
      problems.add(new Problem(idxName, 0, Problem.Kind.BAD_FILE, "cannot read: " + e));
      indexNeedsRebuild = true;
    }
  }
}
