package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Size bombs (issue 9 item 9): on every backend, messages at and over the declared {@link
 * Store#maxMessageSize()}, at the sizes that once broke a backend (64–65 MB, which corrupted an H2
 * file; just over MariaDB's {@code max_allowed_packet}, which blocked the channel with a "database
 * unreachable" error), and a batch of half-maximum messages flushed at once. Each message at most the
 * maximum must be stored and read back byte for byte; each larger one must be refused with {@link
 * InvalidArgumentException} (any other outcome is a wrong error); after every bomb a small message
 * must still store and flush; after a reopen every acknowledged message must be there.
 *
 * <p>Heap: one shared random array of the largest size is wrapped (not copied) by every bomb, so a
 * test JVM of 1 GB holds a 64 MiB message with the copies the drivers make.
 */
class SizeBombTest {

  /** Sizes above this are not built (heap of the surefire fork). */
  private static final long LARGEST_BUILT = 80L * 1024 * 1024;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "file", "h2file", "postgres", "mariadb"})
  void sizeBombs(String backend) throws Exception {
    String prefix = "torture_size_";
    Backends.Target target = switch (backend) {
      case "memory" -> {
        assumeTrue(Backends.has("memory"), "memory backend not on the class path");
        yield Backends.memory();
      }
      case "file" -> {
        assumeTrue(Backends.has("file"), "file backend not on the class path");
        yield Backends.file(tmp.resolve("store"));
      }
      case "h2file" -> {
        assumeTrue(Backends.has("jdbc"), "jdbc backend not on the class path");
        yield Backends.h2File(tmp.resolve("h2"));
      }
      default -> {
        assumeTrue(Backends.has("jdbc"), "jdbc backend not on the class path");
        var t = Backends.server(backend, prefix);
        assumeTrue(t.isPresent(), "SIZEBOMB backend=" + backend + " skipped: set "
            + Backends.serverEnv(backend) + " (a JDBC URL) to run it");
        Backends.dropTables(backend, prefix);
        yield t.get();
      }
    };
    long seed = Tier.seed("SizeBombTest");
    String channel = "size.bomb";
    Map<Long, MsgProto> acked = new LinkedHashMap<>(); // seq -> message (big ones share one array)
    List<String> problems = new ArrayList<>();
    long refused = 0;
    long accepted = 0;
    long wrongError = 0;
    long channelStuck = 0;
    long lost = 0;
    long failedReopens = 0;
    long max;
    TreeSet<Long> sizes = new TreeSet<>();
    try {
      Store store = target.open();
      try {
        store.recover();
        store.init(ServerInfo.newBuilder().setClusterID("torture").build());
        max = store.maxMessageSize();
        sizes.addAll(List.of(max, max + 1, 2 * max, 64_000_000L, 65_000_000L,
            64L * 1024 * 1024, 64L * 1024 * 1024 + 1));
        if (backend.equals("mariadb")) {
          long packet = maxAllowedPacket();
          sizes.addAll(List.of(packet - 1, packet, packet + 1));
        }
        if (Tier.isLong()) {
          SplittableRandom r = new SplittableRandom(seed);
          sizes.addAll(List.of(max - 1, max / 2, 1L << 20));
          for (int i = 0; i < 4; i++) {
            sizes.add(max - 4096 + r.nextInt(8192));
          }
        }
        sizes.removeIf(s -> s > LARGEST_BUILT || s < 64);
        byte[] pattern = pattern(seed, sizes.last());

        Channel ch = store.createChannel(channel);
        long seq = 0;
        for (int i = 0; i < 3; i++) {
          seq++;
          acked.put(seq, small(channel, seq, ch.msgs()));
        }
        ch.msgs().flush();

        for (long size : sizes) {
          seq++;
          MsgProto bomb = sized(channel, seq, size, pattern);
          boolean fits = size <= max;
          try {
            ch.msgs().store(bomb);
            ch.msgs().flush();
            if (fits) {
              accepted++;
              acked.put(seq, bomb);
            } else {
              problems.add(size + " bytes over the maximum " + max + " was stored");
            }
          } catch (InvalidArgumentException e) {
            if (fits) {
              problems.add(size + " bytes (maximum " + max + ") refused: " + e.getMessage());
            } else {
              refused++;
              seq--; // not stored: the next message reuses the sequence
            }
          } catch (StoreException e) {
            wrongError++;
            problems.add(size + " bytes: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            seq--;
          }
          bomb = null;
          seq++;
          try {
            acked.put(seq, small(channel, seq, ch.msgs()));
            ch.msgs().flush();
          } catch (StoreException e) {
            channelStuck++;
            acked.remove(seq);
            problems.add("after a " + size + "-byte bomb the channel refuses a small message: " + e);
            break;
          }
        }

        // a batch of three half-maximum messages in one flush (MariaDB: more than one packet)
        long half = max / 2;
        if (half >= 64 && half <= LARGEST_BUILT) {
          for (int i = 0; i < 3; i++) {
            seq++;
            MsgProto m = sized(channel, seq, half, pattern);
            ch.msgs().store(m);
            acked.put(seq, m);
          }
          try {
            ch.msgs().flush();
            accepted += 3;
          } catch (StoreException e) {
            problems.add("a flush of 3 x " + half + " bytes failed: " + e);
          }
        }
        lost += checkAll(ch.msgs(), channel, acked, problems, "before reopen");
      } finally {
        store.close();
      }

      if (target.persistent()) {
        try (Store again = target.open()) {
          Optional<RecoveredChannel> rc = again.recover().map(s -> s.channels().get(channel));
          if (rc.isEmpty()) {
            lost += acked.size();
            problems.add("after reopen: channel missing");
          } else {
            lost += checkAll(rc.get().channel().msgs(), channel, acked, problems, "after reopen");
            long next = rc.get().channel().msgs().lastSequence() + 1;
            small(channel, next, rc.get().channel().msgs());
            rc.get().channel().msgs().flush();
          }
        } catch (StoreException e) {
          failedReopens++;
          problems.add("reopen failed: " + e);
        }
      }
    } finally {
      if (backend.equals("postgres") || backend.equals("mariadb")) {
        Backends.dropTables(backend, prefix);
      }
    }

    String line = new Summary("SIZEBOMB")
        .put("backend", backend)
        .put("maxMessageSize", max)
        .put("sizes", sizes.toString().replace(" ", ""))
        .put("accepted", accepted)
        .put("refused", refused)
        .put("wrongError", wrongError)
        .put("channelStuck", channelStuck)
        .put("ackedMsgs", acked.size())
        .put("lost", lost)
        .put("failedReopens", failedReopens)
        .put("seed", seed)
        .print();
    assertThat(problems).as(line).isEmpty();
    assertThat(wrongError + channelStuck + lost + failedReopens).as(line).isZero();
  }

  /** Stores and returns a small oracle message. */
  private static MsgProto small(String channel, long seq, MsgStore msgs) {
    MsgProto m = Payloads.msg(channel, seq, 64);
    msgs.store(m);
    return m;
  }

  /** Checks every acknowledged message; returns how many are missing or wrong. */
  private static long checkAll(MsgStore msgs, String channel, Map<Long, MsgProto> acked,
      List<String> problems, String when) {
    long bad = 0;
    for (var e : acked.entrySet()) {
      Optional<MsgProto> got = msgs.lookup(e.getKey());
      if (got.isEmpty()) {
        bad++;
        problems.add(when + ": seq " + e.getKey() + " (" + e.getValue().getSerializedSize()
            + " bytes) missing");
      } else if (!got.get().equals(e.getValue())) {
        bad++;
        problems.add(when + ": seq " + e.getKey() + " differs (" + got.get().getSerializedSize()
            + " bytes read, " + e.getValue().getSerializedSize() + " stored)");
      }
    }
    return bad;
  }

  /** A message whose protobuf encoding is exactly {@code size} bytes, its data a prefix of pattern. */
  static MsgProto sized(String channel, long seq, long size, byte[] pattern) {
    MsgProto base = MsgProto.newBuilder().setSequence(seq).setSubject(channel)
        .setTimestamp(Payloads.timestamp(seq)).build();
    long room = size - base.getSerializedSize() - 1; // the data field's tag
    int len = (int) room;
    while (len + CodedOutputStream.computeUInt32SizeNoTag(len) > room) {
      len--;
    }
    ByteString data = UnsafeByteOperations.unsafeWrap(pattern, 0, len);
    MsgProto m = base.toBuilder().setData(data).build();
    if (m.getSerializedSize() != size) {
      throw new IllegalStateException("built " + m.getSerializedSize() + " bytes, not " + size);
    }
    return m;
  }

  private static byte[] pattern(long seed, long size) {
    byte[] b = new byte[(int) size];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  private static long maxAllowedPacket() throws Exception {
    String url = System.getenv(Backends.serverEnv("mariadb"));
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@max_allowed_packet")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
