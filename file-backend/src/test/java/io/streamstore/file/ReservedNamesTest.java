package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.AtomicReplace;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.file.tools.Problem;
import io.streamstore.file.tools.RepairReport;
import io.streamstore.file.tools.StoreRepair;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.file.tools.VerifyReport;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.StoreLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channel directories share the root with the store's own files (issue 9, item 7): no accepted
 * channel name may collide with a file the store writes there, whether it lasts or is temporary,
 * and every accepted name reopens. The names are taken from the code ({@link StoreLayout}, {@link
 * AtomicReplace}) and from what a store really writes into its root, not from a hand list.
 */
class ReservedNamesTest {

  @TempDir Path tmp;

  /** Every root name the store's code makes: its files, their temp and backup names, in two cases. */
  static List<String> rootNamesOfTheCode(Path root) {
    List<String> out = new ArrayList<>();
    for (String file : StoreLayout.ROOT_FILES) {
      List<String> forms = new ArrayList<>(List.of(file,
          AtomicReplace.tempFor(root.resolve(file)).getFileName().toString(),
          StoreLayout.backupName(file, 0), StoreLayout.backupName(file, 1),
          StoreLayout.backupName(file, 12), file + ".torn-1"));
      for (String f : forms) {
        out.add(f);
        out.add(f.toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }

  @Test
  void everyNameTheStoreUsesInItsRootIsRefusedAsAChannelAndTheStoreReopens() {
    Path root = tmp.resolve("s");
    List<String> refused = new ArrayList<>();
    try (FileStore s = fresh(root)) {
      for (String name : rootNamesOfTheCode(root)) {
        try {
          s.createChannel(name);
        } catch (InvalidNameException e) {
          refused.add(name);
          if (!name.startsWith(".")) { // hidden names fail the SPI rules before the backend's
            assertThat(e).hasMessageContaining("reserved by the file backend");
          }
        }
      }
      // names that merely look alike stay channels
      for (String ok : List.of("server", "server.data", "clients.database", "dat.server", "clientsXdat",
          "my.server.dat", "server_dat.tmp")) {
        store(s.createChannel(ok), 1);
      }
    }
    assertThat(refused).containsExactlyElementsOf(rootNamesOfTheCode(root));
    try (FileStore s = open(root, FileStoreOptions.DEFAULTS)) {
      assertThat(s.recover().orElseThrow().channels()).containsOnlyKeys("server", "server.data",
          "clients.database", "dat.server", "clientsXdat", "my.server.dat", "server_dat.tmp");
    }
    assertThat(StoreVerifier.verify(root, FileStoreOptions.DEFAULTS).problems()).isEmpty();
  }

  /**
   * Runs the store through everything that writes into its root (init, the lock, the truncate
   * witness, clients and their compaction, channel creation and deletion, repair with backups) and
   * checks that each root entry ever written is a channel or reserved: a new store file that the
   * rule does not cover fails here.
   */
  @Test
  void everyEntryAStoreWritesIntoItsRootIsAChannelOrReserved() throws IOException {
    Path root = tmp.resolve("s");
    RootWrites io = new RootWrites(root);
    FileStoreOptions eager = FileStoreOptions.builder().compactMinFileSize(0).compactFragmentation(1)
        .truncateUnexpectedEOF(true).build();
    try (FileStore s = FileStore.open(root, eager, StoreLimits.DEFAULT, io)) {
      assertThat(s.tryExclusiveLock()).isTrue();
      assertThat(s.recover()).isEmpty();
      s.init(ServerInfo.newBuilder().setClusterID("c").build());
      s.init(ServerInfo.newBuilder().setClusterID("c2").build()); // replaces server.dat
      Channel a = s.createChannel("a");
      store(a, 1);
      a.subs().createSub(SubState.newBuilder().setClientID("me").build());
      for (int i = 0; i < 20; i++) {
        s.addClient(ClientInfo.newBuilder().setID("c" + i).setHbInbox("hb").build());
      }
      for (int i = 0; i < 20; i++) {
        s.deleteClient("c" + i); // compacts clients.dat
      }
      store(s.createChannel("gone"), 1);
      s.deleteChannel("gone");
    }
    try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io)) {
      s.recover();
    }
    // a torn tail in clients.dat: the repair backs it up and rewrites it
    Files.write(root.resolve(StoreLayout.CLIENTS_FILE), new byte[] {9, 0, 0, 0, 1},
        StandardOpenOption.APPEND);
    RepairReport r = StoreRepair.repair(root, FileStoreOptions.DEFAULTS, io);
    assertThat(r.after().ok()).as(r.toString()).isTrue();

    Set<String> notCovered = new TreeSet<>(io.written);
    notCovered.removeIf(n -> n.equals("a") || n.equals("gone") || StoreLayout.isReserved(n));
    assertThat(notCovered).as("root entries written by the store that a channel could be named")
        .isEmpty();
    assertThat(io.written).as("the recording saw the store's files")
        .contains(StoreLayout.SERVER_FILE, StoreLayout.SERVER_FILE + StoreLayout.TEMP_SUFFIX,
            StoreLayout.CLIENTS_FILE, StoreLayout.CLIENTS_FILE + StoreLayout.TEMP_SUFFIX,
            StoreLayout.CLIENTS_FILE + StoreLayout.BACKUP_SUFFIX, StoreLayout.LOCK_FILE,
            StoreLayout.TRUNCATE_WITNESS);
    assertThat(io.written).anyMatch(n -> n.startsWith(ChannelDirectories.DELETE_MARKER_PREFIX));
  }

  /**
   * The reproduction: a directory named {@code server.dat.tmp} (a channel an older version
   * accepted) made every open fail while removing "leftover temporary files", and {@code verify} and
   * {@code repair} said OK; {@code clients.dat.bak} was recovered as a channel next to the repair
   * tool's backups. Now open, verify and repair agree: refused, reported, left in place.
   */
  @Test
  void aReservedDirectoryLeftByAnOlderVersionIsRefusedReportedAndLeftInPlace() throws IOException {
    for (String reserved : List.of("server.dat.tmp", "clients.dat.tmp", "clients.dat.bak", "SERVER.DAT")) {
      Path root = tmp.resolve("legacy-" + reserved);
      try (FileStore s = fresh(root)) {
        store(s.createChannel("x"), 1);
      }
      Files.move(root.resolve("x"), root.resolve(reserved));
      Map<String, String> before = snapshot(root);

      assertThatThrownBy(() -> {
        try (FileStore s = open(root, FileStoreOptions.DEFAULTS)) {
          s.recover();
        }
      }).as(reserved).isInstanceOf(CorruptedDataException.class)
          .hasMessageContaining("\"" + reserved + "\"").hasMessageContaining("Move it out");
      assertThatThrownBy(() -> {
        try (FileStore s = open(root, FileStoreOptions.builder().readOnly(true).build())) {
          s.recover();
        }
      }).as("read-only, as info opens it").isInstanceOf(CorruptedDataException.class);

      VerifyReport v = StoreVerifier.verify(root, FileStoreOptions.DEFAULTS);
      assertThat(v.problems()).extracting(Problem::file).containsExactly(reserved);
      assertThat(v.problems().get(0).kind()).isEqualTo(Problem.Kind.BAD_FILE);

      RepairReport r = StoreRepair.repair(root, FileStoreOptions.DEFAULTS);
      assertThat(r.actionsOn(reserved)).extracting(RepairReport.Action::kind)
          .containsExactly(RepairReport.Kind.UNREPAIRED);
      assertThat(r.after().ok()).isFalse();
      assertThat(snapshot(root)).as("nothing moved, deleted or changed").isEqualTo(before);

      Files.move(root.resolve(reserved), root.resolve("x")); // the operator's fix
      try (FileStore s = open(root, FileStoreOptions.DEFAULTS)) {
        RecoveredState st = s.recover().orElseThrow();
        assertThat(st.channels().get("x").channel().msgs().lookup(1)).isPresent();
      }
    }
  }

  private static MsgProto store(Channel c, long seq) {
    MsgProto m = MsgProto.newBuilder().setSequence(seq).setSubject(c.name())
        .setData(ByteString.copyFromUtf8("m" + seq)).setTimestamp(System.nanoTime()).build();
    c.msgs().store(m);
    c.msgs().flush();
    return m;
  }

  private static FileStore open(Path root, FileStoreOptions o) {
    return FileStore.open(root, o, StoreLimits.DEFAULT);
  }

  private static FileStore fresh(Path root) {
    FileStore s = open(root, FileStoreOptions.DEFAULTS);
    s.recover();
    s.init(ServerInfo.newBuilder().setClusterID("names").build());
    return s;
  }

  /** Relative path to content of every file under {@code root}, except the lock file. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String rel = root.relativize(p).toString();
        if (Files.isRegularFile(p) && !rel.equals(StoreLayout.LOCK_FILE)) {
          m.put(rel, new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
        } else if (Files.isDirectory(p)) {
          m.put(rel + "/", "");
        }
      }
    }
    return m;
  }

  /** The real file system, recording the name of every root entry opened for writing, made or moved to. */
  private static final class RootWrites implements FileIO {
    private final FileIO real = FileIO.real();
    private final Path root;
    final Set<String> written = new TreeSet<>();

    RootWrites(Path root) {
      this.root = root.toAbsolutePath().normalize();
    }

    private synchronized void note(Path p) {
      Path a = p.toAbsolutePath().normalize();
      if (a.startsWith(root) && !a.equals(root)) {
        written.add(root.relativize(a).getName(0).toString());
      }
    }

    @Override
    public FileHandle open(Path file, OpenMode mode) throws IOException {
      if (mode != OpenMode.READ) {
        note(file);
      }
      return real.open(file, mode);
    }

    @Override
    public boolean exists(Path path) {
      return real.exists(path);
    }

    @Override
    public boolean isDirectory(Path path) {
      return real.isDirectory(path);
    }

    @Override
    public long size(Path file) throws IOException {
      return real.size(file);
    }

    @Override
    public void createDirectories(Path dir) throws IOException {
      note(dir);
      real.createDirectories(dir);
    }

    @Override
    public List<Path> list(Path dir) throws IOException {
      return real.list(dir);
    }

    @Override
    public void move(Path source, Path target) throws IOException {
      note(target);
      real.move(source, target);
    }

    @Override
    public boolean deleteIfExists(Path path) throws IOException {
      return real.deleteIfExists(path);
    }

    @Override
    public void forceDirectory(Path dir) throws IOException {
      real.forceDirectory(dir);
    }
  }
}
