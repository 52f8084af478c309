package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gap bombs (issue 9, item 8): sequence gaps of random size up to the whole 63-bit range, on every
 * backend. One store() with a gap of 10^12 used to make the file backend write placeholders until
 * the disk was full. Each bomb must cost bounded space (the file backend: bytes on disk, at most
 * {@link #FILE_BYTES_PER_BOMB} per bomb, whatever the gap), keep nothing inside the gap (lookups
 * empty, the count is the number of stored messages), and a reopen must give the same state. Gaps
 * of at most 1,000 sequences may be filled with placeholders (the SPI's bound), so the small gaps
 * between bombs are checked as placeholder-or-empty. Time is printed, never asserted.
 */
class GapBombTest {

  /** Bytes one huge gap may cost the file backend: a new slice of one small message, with room. */
  static final long FILE_BYTES_PER_BOMB = 4096;

  /** Bytes one placeholder of a small gap may cost: record header, index entry, a short protobuf. */
  static final long FILE_BYTES_PER_PLACEHOLDER = 128;

  @TempDir Path tmp;

  @Test
  void gapBombsCostBoundedSpaceOnEveryBackend() throws IOException {
    int bombs = Tier.size("gapbomb.bombs", 25, 500);
    long seed = Tier.seed("GapBombTest");
    List<Backends.Target> targets = Backends.all(tmp.resolve("file"));
    assumeTrue(!targets.isEmpty(), "no backend on the class path");

    List<String> problems = new ArrayList<>();
    StringJoiner perBackend = new StringJoiner(",");
    long lookups = 0;
    long nonEmptyInGaps = 0;
    int reopenDiffers = 0;
    long fileBytes = 0;
    long filePlaceholders = 0;
    for (Backends.Target t : targets) {
      long[] seqs = sequences(new Random(seed), bombs);
      long started = System.nanoTime();
      long bytesBefore = 0;
      long bytesAfter = 0;
      try (Store store = t.open()) {
        HostileNamesTest.wipe(store);
        Channel c = store.createChannel("bomb");
        c.msgs().store(Payloads.msg("bomb", seqs[0], 40));
        c.msgs().flush();
        bytesBefore = t.name().equals("file") ? bytesUnder(tmp.resolve("file")) : 0;
        for (int i = 1; i < seqs.length; i++) {
          c.msgs().store(Payloads.msg("bomb", seqs[i], 40));
        }
        c.msgs().flush();
        bytesAfter = t.name().equals("file") ? bytesUnder(tmp.resolve("file")) : 0;
        long[] n = check(t.name() + " live", c.msgs(), seqs, problems);
        lookups += n[0];
        nonEmptyInGaps += n[1];
        if (t.name().equals("file")) {
          filePlaceholders = n[2];
        }
      } catch (StoreException e) {
        problems.add(t.name() + ": " + e);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      if (t.persistent()) {
        try (Store store = t.open()) {
          RecoveredChannel rc = store.recover().orElseThrow().channels().get("bomb");
          int before = problems.size();
          long[] n = check(t.name() + " reopened", rc.channel().msgs(), seqs, problems);
          lookups += n[0];
          nonEmptyInGaps += n[1];
          if (problems.size() != before) {
            reopenDiffers++;
          }
          HostileNamesTest.wipe(store);
        } catch (StoreException | NullPointerException e) {
          reopenDiffers++;
          problems.add(t.name() + ": reopen failed: " + e);
        }
      }
      String figure = t.name() + ":" + millis + "ms";
      if (t.name().equals("file")) {
        fileBytes = bytesAfter - bytesBefore;
        figure += "/" + fileBytes + "B";
        long bound = bombs * FILE_BYTES_PER_BOMB + filePlaceholders * FILE_BYTES_PER_PLACEHOLDER;
        if (fileBytes > bound) {
          problems.add("file: " + fileBytes + " bytes written for " + bombs + " bombs and "
              + filePlaceholders + " placeholders, more than the bound " + bound);
        }
      }
      perBackend.add(figure);
    }
    String line = new Summary("GAPBOMB")
        .put("backends", perBackend)
        .put("bombs", bombs)
        .put("fileBytesWritten", fileBytes)
        .put("filePlaceholders", filePlaceholders)
        .put("fileBytesBound", bombs * FILE_BYTES_PER_BOMB + filePlaceholders * FILE_BYTES_PER_PLACEHOLDER)
        .put("lookupsInGaps", lookups)
        .put("nonEmptyInHugeGaps", nonEmptyInGaps)
        .put("reopenDiffers", reopenDiffers)
        .put("problems", problems.size())
        .put("seed", seed)
        .print();
    assertThat(problems).as(line).isEmpty();
  }

  /**
   * Increasing sequences from 1: each bomb jumps a random gap from 10^9 to 10^15 (the last one to
   * {@link Long#MAX_VALUE}), and after every other bomb a small gap of 1 to 1,000.
   */
  static long[] sequences(Random r, int bombs) {
    List<Long> out = new ArrayList<>();
    long seq = 1;
    out.add(seq);
    for (int i = 0; i < bombs; i++) {
      if (i == bombs - 1) {
        seq = Long.MAX_VALUE;
      } else {
        seq += 1_000_000_000L + (long) (r.nextDouble() * 1_000_000_000_000_000L);
      }
      out.add(seq);
      if (i % 2 == 0 && i < bombs - 1) {
        seq += 2 + r.nextInt(1000);
        out.add(seq);
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Checks every stored message, lookups inside every gap (empty; placeholders allowed only within
   * 1,000 of a message) and the counts. Returns {lookups in gaps, non-empty lookups in huge gaps,
   * placeholders counted}.
   */
  private static long[] check(String what, MsgStore ms, long[] seqs, List<String> problems) {
    long lookups = 0;
    long nonEmpty = 0;
    if (!ms.firstAndLastSequence().equals(new SequenceRange(seqs[0], seqs[seqs.length - 1]))) {
      problems.add(what + ": range " + ms.firstAndLastSequence());
    }
    TreeMap<Long, Boolean> placeholders = new TreeMap<>();
    for (int i = 0; i < seqs.length; i++) {
      Optional<MsgProto> m = ms.lookup(seqs[i]);
      if (m.isEmpty() || Payloads.check("bomb", seqs[i], m.get()) != null) {
        problems.add(what + ": message " + seqs[i] + " not read back");
      }
      if (i + 1 < seqs.length && seqs[i + 1] - seqs[i] > 1) {
        long gap = seqs[i + 1] - seqs[i] - 1;
        long[] probes = {seqs[i] + 1, seqs[i] + gap / 2, seqs[i + 1] - 1};
        for (long p : probes) {
          lookups++;
          Optional<MsgProto> g = ms.lookup(p);
          if (g.isEmpty()) {
            continue;
          }
          if (gap > 1000) {
            nonEmpty++;
            problems.add(what + ": lookup(" + p + ") inside a gap of " + gap + " found a message");
          } else if (!g.get().getData().isEmpty() || g.get().getSequence() != p) {
            problems.add(what + ": lookup(" + p + ") in a small gap is not a placeholder");
          } else {
            placeholders.put(seqs[i], true);
          }
        }
      }
    }
    long count = ms.state().count();
    long filled = 0;
    for (int i = 0; i + 1 < seqs.length; i++) {
      if (placeholders.containsKey(seqs[i])) {
        filled += seqs[i + 1] - seqs[i] - 1;
      }
    }
    if (count != seqs.length + filled) {
      problems.add(what + ": count " + count + ", want " + seqs.length + " messages + " + filled
          + " placeholders");
    }
    return new long[] {lookups, nonEmpty, filled};
  }

  private static long bytesUnder(Path root) throws IOException {
    try (Stream<Path> w = Files.walk(root)) {
      return w.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
