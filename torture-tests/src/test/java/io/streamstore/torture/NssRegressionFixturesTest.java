package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.io.FileIO;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MissingServerInfoException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T11: one regression fixture per real NATS Streaming file-store bug of reliability.md §1.7, each made
 * by copying the read-only fixture {@code /work/shared/fixtures/nss-filestore/basic} (written by the
 * Go server: channels foo, bar.baz, orders with 1,000 messages each, clients client-a and client-c)
 * and damaging the copy. Each asserts the outcome we decided on and prints it.
 */
class NssRegressionFixturesTest {

  static final Path BASIC = Path.of("/work/shared/fixtures/nss-filestore/basic/store");

  @TempDir Path tmp;

  private final TreeMap<String, String> results = new TreeMap<>();

  @Test
  void seedBugFixtures() throws Exception {
    assumeTrue(FileStores.available(), "file backend not available");
    assumeTrue(Files.isDirectory(BASIC), "fixture " + BASIC + " not present");

    // #440: zero-filled tail on every file type -> end of data, nothing before it lost
    for (String f : List.of("foo/msgs.1.dat", "foo/msgs.1.idx", "foo/subs.dat", "clients.dat")) {
      Path d = copy("zero-" + f.replace('/', '-'));
      appendZeros(d.resolve(f), 64);
      expectIntact("zeroTail:" + f, d);
    }
    // server.dat is replaced atomically by this store, so a tail there is refused (detected), which
    // we accept: the record is the whole file
    Path z = copy("zero-server");
    appendZeros(z.resolve("server.dat"), 64);
    expectIntactOrRefused("zeroTail:server.dat", z);
    // commit 8b2a78d / #608: an empty or header-only index -> rebuilt from the data file
    Path d = copy("empty-idx");
    Files.write(d.resolve("foo/msgs.1.idx"), new byte[0]);
    expectIntact("emptyIndex", d);
    d = copy("header-only-idx");
    Files.write(d.resolve("foo/msgs.1.idx"), new byte[] {1, 0, 0, 0});
    expectIntact("headerOnlyIndex", d);
    // #928: a gap in the index sequence -> detected and rebuilt (or refused), never misread
    d = copy("idx-gap");
    removeIndexRecord(d.resolve("foo/msgs.1.idx"), 500);
    expectIntactOrRefused("indexGap", d);
    // #1086: index and data disagree (last entry's offset wrong) -> rebuilt with correct offsets
    d = copy("idx-mismatch");
    corruptLastIndexOffset(d.resolve("foo/msgs.1.idx"));
    expectIntactOrRefused("indexDataMismatch", d);
    // #1263: server.dat missing while channels exist -> MissingServerInfoException
    d = copy("no-server-dat");
    Files.delete(d.resolve("server.dat"));
    expectRefused("missingServerDat", d, MissingServerInfoException.class);
    // #1034: a file shorter than its 4-byte version header -> error naming the file
    d = copy("short-clients");
    Files.write(d.resolve("clients.dat"), new byte[] {1, 0});
    expectRefusedNaming("shortClientsDat", d, "clients.dat");
    // commit 7045c51 / #557: a partial (buffered) last record -> refused by default naming the
    // file; repaired with truncateUnexpectedEOF, losing only the torn record
    d = copy("partial-record");
    truncateBy(d.resolve("orders/msgs.1.dat"), 100);
    expectRefusedNaming("partialRecord", d, "msgs.1.dat");
    try (Store s = FileStores.open(d, "truncateUnexpectedEOF=true", FileIO.real())) {
      MsgStore m = s.recover().orElseThrow().channels().get("orders").channel().msgs();
      results.put("partialRecord.repaired", "orders " + m.firstSequence() + ".." + m.lastSequence());
      assertThat(m.lastSequence()).isBetween(998L, 999L);
      assertThat(checkBasicPayload("orders", m.lastSequence(), m.lookup(m.lastSequence()))).isNull();
    }
    // #1255: a huge size field must not exhaust a 64 MiB heap (with and without the index)
    for (boolean withIndex : new boolean[] {true, false}) {
      d = copy("huge-size-" + withIndex);
      setSizeField(d.resolve("foo/msgs.1.dat"), 4, 0x7FFFFFF0);
      if (!withIndex) {
        Files.delete(d.resolve("foo/msgs.1.idx"));
      }
      String out = runSmallHeap(d);
      results.put("hugeSizeField" + (withIndex ? "" : ".noIndex"), out);
      assertThat(out).doesNotContain("OutOfMemoryError").startsWith("REFUSED CorruptedData");
    }

    TreeMap<String, String> codes = new TreeMap<>();
    results.forEach((k, v) -> codes.put(k, v.startsWith("ok ") ? "intact"
        : v.startsWith("refused ") || v.startsWith("REFUSED ")
            ? "refused:" + v.split(" ")[1].replace(":", "") : v.replace(' ', '_')));
    new Summary("NSSFIXTURES").put("fixtures", results.size()).put("asRecorded", results.size())
        .put("outcomes", codes.toString().replace(" ", "")).print();
  }

  private Path copy(String name) throws IOException {
    Path d = tmp.resolve(name);
    TempDirs.copy(BASIC, d);
    return d;
  }

  private void expectIntact(String name, Path dir) {
    String got = describe(dir, "");
    results.put(name, got);
    assertThat(got).as(name).isEqualTo("ok channels=bar.baz:1..1000,foo:1..1000,orders:1..1000"
        + " clients=[client-a, client-c] payloads=ok");
  }

  private void expectIntactOrRefused(String name, Path dir) {
    String got = describe(dir, "");
    results.put(name, got);
    assertThat(got.startsWith("refused CorruptedDataException")
        || got.equals("ok channels=bar.baz:1..1000,foo:1..1000,orders:1..1000"
            + " clients=[client-a, client-c] payloads=ok")).as(name + ": " + got).isTrue();
  }

  private void expectRefused(String name, Path dir, Class<? extends StoreException> type) {
    String got = describe(dir, "");
    results.put(name, got);
    assertThat(got).as(name).startsWith("refused " + type.getSimpleName());
  }

  private void expectRefusedNaming(String name, Path dir, String file) {
    String got = describe(dir, "");
    results.put(name, got);
    assertThat(got).as(name).startsWith("refused " + CorruptedDataException.class.getSimpleName())
        .contains(file);
  }

  /** Opens, recovers, reads every message; describes the result in one line. */
  private static String describe(Path dir, String query) {
    try (Store s = FileStores.open(dir, query, FileIO.real())) {
      Optional<RecoveredState> st = s.recover();
      if (st.isEmpty()) {
        return "empty";
      }
      String channels = new TreeMap<>(st.get().channels()).entrySet().stream().map(e -> {
        MsgStore m = e.getValue().channel().msgs();
        return e.getKey() + ":" + m.firstSequence() + ".." + m.lastSequence();
      }).collect(Collectors.joining(","));
      String payloads = "ok";
      for (var e : st.get().channels().entrySet()) {
        MsgStore m = e.getValue().channel().msgs();
        for (long q = m.firstSequence(); q <= m.lastSequence(); q++) {
          String why = checkBasicPayload(e.getKey(), q, m.lookup(q));
          if (why != null) {
            payloads = why;
            break;
          }
        }
      }
      return "ok channels=" + channels + " clients="
          + st.get().clients().stream().map(Client::id).sorted().toList() + " payloads=" + payloads;
    } catch (StoreException e) {
      return "refused " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /** The fixture's payload rule (README): length (seq*37)%500+len(ch), byte i=(seq*31+i+len)&0xff. */
  static String checkBasicPayload(String ch, long seq, Optional<MsgProto> m) {
    if (m.isEmpty()) {
      return "missing " + ch + ":" + seq;
    }
    byte[] data = m.get().getData().toByteArray();
    int len = (int) ((seq * 37) % 500) + ch.length();
    if (data.length != len || m.get().getSequence() != seq) {
      return "wrong length/seq " + ch + ":" + seq;
    }
    for (int i = 0; i < len; i++) {
      if (data[i] != (byte) ((seq * 31 + i + ch.length()) & 0xff)) {
        return "wrong byte " + i + " of " + ch + ":" + seq;
      }
    }
    return null;
  }

  private String runSmallHeap(Path dir) throws Exception {
    try (ChildJvm child = ChildJvm.start(RecoverChild.class, List.of("-Xmx64m"),
        tmp.resolve("small-heap.err"), "streamstore:file:" + dir.toAbsolutePath())) {
      int code = child.waitFor(2, TimeUnit.MINUTES);
      String err = Files.exists(tmp.resolve("small-heap.err"))
          ? Files.readString(tmp.resolve("small-heap.err")) : "";
      return String.join(" ", child.output()) + (code != 0 ? " exit=" + code : "")
          + (err.contains("OutOfMemoryError") ? " OutOfMemoryError" : "");
    }
  }

  private static void appendZeros(Path f, int n) throws IOException {
    Files.write(f, new byte[n], java.nio.file.StandardOpenOption.APPEND);
  }

  private static void truncateBy(Path f, int n) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(raf.length() - n);
    }
  }

  private static void removeIndexRecord(Path idx, int index) throws IOException {
    byte[] b = Files.readAllBytes(idx);
    int at = 4 + 32 * index;
    byte[] out = new byte[b.length - 32];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(b, at + 32, out, at, b.length - at - 32);
    Files.write(idx, out);
  }

  private static void corruptLastIndexOffset(Path idx) throws IOException {
    byte[] b = Files.readAllBytes(idx);
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int last = b.length - 32;
    buf.putLong(last + 8, buf.getLong(last + 8) + 17); // wrong offset, CRC recomputed below
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b, last, 28);
    buf.putInt(last + 28, (int) crc.getValue());
    Files.write(idx, b);
  }

  private static void setSizeField(Path dat, int offset, int size) throws IOException {
    byte[] b = Files.readAllBytes(dat);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, size);
    Files.write(dat, b);
  }
}
