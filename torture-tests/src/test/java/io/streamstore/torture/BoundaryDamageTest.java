package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.streamstore.file.FileStore;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's class "truncation and zero-fill at every record boundary of every file type and slice
 * position": a file store (three or more slices, subscriptions with a deleted one and pending sets,
 * clients with a deleted one) is closed cleanly, then every file ({@code server.dat}, {@code
 * clients.dat}, {@code subs.dat}, each {@code msgs.N.dat} and {@code msgs.N.idx}: first, middle and
 * last slice) is cut at, and zero-filled from, each of its record boundaries, one damage per copy.
 * Each copy is reopened with the default options: refused with a {@link StoreException}, or opened
 * with exactly the undamaged state, or <b>silent</b> (opened with another state: a hole, a lower last
 * sequence, a resurrected subscription or client). {@code verify} must report every refused case.
 *
 * <p>Once with the manifests the store writes ({@code silent} must be 0), once with them removed, as
 * a store written by NATS Streaming has none: then format 1 alone cannot tell a cut at a record
 * boundary of the last slice, {@code subs.dat} or {@code clients.dat} from "never written"; those
 * cases are counted and listed as {@code invisibleWithoutManifest}, and every other file must still
 * be silent-free. A third time on a copy taken while the store was open (an unclean shutdown before
 * the first background checkpoint): what was flushed after the last manifest write is the documented
 * window, counted as {@code invisibleInWindow}; slices before the last must still be silent-free.
 */
class BoundaryDamageTest {

  @TempDir Path tmp;

  private static final ServerInfo INFO = ServerInfo.newBuilder().setClusterID("torture").build();

  @Test
  void everyRecordBoundaryOfEveryFileIsRefusedOrHarmless() throws IOException {
    int perSlice = Tier.size("boundary.perSlice", 4, 20);
    int slices = Tier.size("boundary.slices", 3, 5);
    FileStoreOptions opts = FileStoreOptions.builder().sliceMaxMsgs(perSlice).build();
    Path base = tmp.resolve("base");
    Path crash = tmp.resolve("crash");
    write(base, opts, perSlice * slices, crash);
    String expected = snapshot(base, opts);
    String expectedCrash = snapshot(copyOf(crash), opts);

    Map<String, int[]> withManifest = new TreeMap<>(); // file -> {refused, intact, silent}
    Map<String, int[]> without = new TreeMap<>();
    Map<String, int[]> crashed = new TreeMap<>(); // the store copied while open: the window
    List<String> verifyMissed = new ArrayList<>();
    int cases = 0;
    for (int variant = 0; variant < 3; variant++) {
      boolean manifests = variant != 1;
      Path source = variant == 2 ? crash : base;
      String want = variant == 2 ? expectedCrash : expected;
      Map<String, int[]> table = variant == 0 ? withManifest : variant == 1 ? without : crashed;
      for (String file : files(source)) {
        for (long b : boundaries(source.resolve(file), kind(file))) {
          for (boolean zero : new boolean[] {false, true}) {
            Path root = tmp.resolve("case");
            TempDirs.copy(source, root);
            if (!manifests) {
              removeManifests(root);
            }
            damage(root.resolve(file), b, zero);
            cases++;
            int[] row = table.computeIfAbsent(file, f -> new int[3]);
            String got;
            try {
              got = snapshot(root, opts);
            } catch (StoreException e) {
              row[0]++;
              if (StoreVerifier.verify(root, opts).ok()) {
                verifyMissed.add(file + "@" + b + (zero ? "z" : "c") + "/v" + variant);
              }
              continue;
            }
            row[got.equals(want) ? 1 : 2]++;
          }
        }
      }
    }
    int silent = withManifest.values().stream().mapToInt(r -> r[2]).sum();
    List<String> invisible = new ArrayList<>();
    int invisibleCount = 0;
    int silentElsewhere = 0;
    for (Map.Entry<String, int[]> e : without.entrySet()) {
      if (e.getValue()[2] == 0) {
        continue;
      }
      if (formatCannotSee(e.getKey(), slices)) {
        invisibleCount += e.getValue()[2];
        invisible.add(e.getKey() + ":" + e.getValue()[2]);
      } else {
        silentElsewhere += e.getValue()[2];
      }
    }
    int windowInvisible = 0;
    List<String> window = new ArrayList<>();
    for (Map.Entry<String, int[]> e : crashed.entrySet()) {
      if (e.getValue()[2] == 0) {
        continue;
      }
      if (formatCannotSee(e.getKey(), slices)) {
        windowInvisible += e.getValue()[2];
        window.add(e.getKey() + ":" + e.getValue()[2]);
      } else {
        silentElsewhere += e.getValue()[2];
      }
    }
    String line = new Summary("BOUNDARY")
        .put("slices", slices)
        .put("msgsPerSlice", perSlice + (Tier.isLong() ? "" : "(ci-scaled;long=20)"))
        .put("cases", cases)
        .put("refused", sum(withManifest, 0) + "+" + sum(without, 0) + "+" + sum(crashed, 0))
        .put("intact", sum(withManifest, 1) + "+" + sum(without, 1) + "+" + sum(crashed, 1))
        .put("silentHolesOrWrongState", silent)
        .put("silentWithoutManifestElsewhere", silentElsewhere)
        .put("verifyMissedRefused", verifyMissed.size() + (verifyMissed.isEmpty() ? "" : verifyMissed.toString()))
        .put("invisibleWithoutManifest", invisibleCount + "(format 1 has no committed length: "
            + String.join(",", invisible) + ")")
        .put("invisibleInWindow", windowInvisible + "(unclean, before the first checkpoint: "
            + String.join(",", window) + ")")
        .print();
    assertThat(silent).as(line).isZero();
    assertThat(silentElsewhere).as(line).isZero();
    assertThat(verifyMissed).as(line).isEmpty();
  }

  /** Without a manifest, only ends of files that are appended to can be cut unseen. */
  private static boolean formatCannotSee(String file, int slices) {
    return file.equals("clients.dat") || file.equals("ch/subs.dat")
        || file.equals("ch/msgs." + slices + ".dat");
  }

  private static int sum(Map<String, int[]> t, int col) {
    return t.values().stream().mapToInt(r -> r[col]).sum();
  }

  private Path copyOf(Path src) throws IOException {
    Path c = tmp.resolve("expected-copy");
    TempDirs.copy(src, c);
    return c;
  }

  /**
   * Writes the workload and closes cleanly into {@code root}; {@code crashImage} receives a copy
   * taken while the store is still open, everything flushed (an unclean shutdown).
   */
  private static void write(Path root, FileStoreOptions opts, int messages, Path crashImage)
      throws IOException {
    try (FileStore s = FileStore.open(root, opts, StoreLimits.UNLIMITED)) {
      s.recover();
      s.init(INFO);
      Channel ch = s.createChannel("ch");
      long a = ch.subs().createSub(SubState.newBuilder().setClientID("a").setInbox("ia").build());
      long b = ch.subs().createSub(SubState.newBuilder().setClientID("b").setInbox("ib").build());
      for (long q = 1; q <= messages; q++) {
        ch.msgs().store(MsgProto.newBuilder().setSequence(q).setSubject("ch").setTimestamp(q)
            .setData(ByteString.copyFrom(Payloads.data("ch", q, 16 + (int) (q % 40)))).build());
        if (q % 3 == 0) {
          ch.subs().addSeqPending(a, q);
        }
        if (q % 6 == 0) {
          ch.subs().ackSeqPending(a, q - 3);
        }
      }
      long c = ch.subs().createSub(SubState.newBuilder().setClientID("c").setInbox("ic").build());
      ch.subs().deleteSub(b);
      ch.subs().addSeqPending(c, 2);
      ch.msgs().flush();
      ch.subs().flush();
      for (String id : List.of("x", "y", "z")) {
        s.addClient(ClientInfo.newBuilder().setID(id).setHbInbox("hb." + id).build());
      }
      s.deleteClient("y");
      ch.msgs().flush();
      ch.subs().flush();
      TempDirs.copy(root, crashImage);
      try (Stream<Path> l = Files.walk(crashImage)) {
        for (Path p : l.filter(p -> p.toString().endsWith(".lck")).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** Everything a reopen shows: messages, first/last, subscriptions with pending, clients. */
  private static String snapshot(Path root, FileStoreOptions opts) {
    try (FileStore s = FileStore.open(root, opts, StoreLimits.UNLIMITED)) {
      RecoveredState st = s.recover().orElseThrow(() -> new AssertionError("store came back empty"));
      StringBuilder b = new StringBuilder();
      for (Client c : st.clients()) {
        b.append("client ").append(c.id()).append('\n');
      }
      for (RecoveredChannel rc : st.channels().values()) {
        MsgStore m = rc.channel().msgs();
        b.append("channel ").append(rc.channel().name()).append(' ').append(m.firstAndLastSequence())
            .append(' ').append(m.state()).append('\n');
        for (long q = m.firstSequence(); q <= m.lastSequence(); q++) {
          b.append(q).append('=').append(m.lookup(q).map(x -> x.getData().hashCode()).orElse(-1))
              .append('\n');
        }
        for (RecoveredSubscription sub : rc.subscriptions()) {
          b.append("sub ").append(sub.sub().getID()).append(' ').append(sub.sub().getClientID())
              .append(' ').append(sub.pending()).append('\n');
        }
      }
      return b.toString();
    }
  }

  private static List<String> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(f -> f.endsWith(".dat") || f.endsWith(".idx"))
          .sorted()
          .toList();
    }
  }

  private enum Kind { UNTYPED, TYPED, INDEX }

  private static Kind kind(String file) {
    if (file.endsWith(".idx")) {
      return Kind.INDEX;
    }
    return file.endsWith("subs.dat") || file.equals("clients.dat") ? Kind.TYPED : Kind.UNTYPED;
  }

  /** Offsets where a record starts, up to (not including) the end of the file. */
  private static List<Long> boundaries(Path file, Kind kind) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    List<Long> out = new ArrayList<>();
    int at = 4;
    while (at < bytes.length) {
      out.add((long) at);
      if (kind == Kind.INDEX) {
        at += 36;
      } else {
        int h = b.getInt(at);
        at += 8 + (kind == Kind.TYPED ? h & 0xFFFFFF : h);
      }
    }
    return out;
  }

  private static void damage(Path file, long at, boolean zero) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      if (zero) {
        c.write(ByteBuffer.allocate((int) (c.size() - at)), at);
      } else {
        c.truncate(at);
      }
    }
  }

  private static void removeManifests(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(p -> p.getFileName().toString().endsWith("manifest")).toList()) {
        Files.delete(p);
      }
    }
  }
}
