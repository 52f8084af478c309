package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.StoreLimits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The order of writes, forces, renames and directory forces of the store's own files, recorded at the
 * I/O seam: nothing is acknowledged before it is forced (R1), new files and directories have their
 * directory entry forced (R2), and whole-file replacements go temp, force, atomic move, directory
 * force (R3). Message-log ordering is the message log's own test.
 */
class DurabilityOrderTest {

  @TempDir Path tmp;

  private Path root;
  private RecordingFileIO io;
  private FileStore store;

  @BeforeEach
  void open() {
    root = tmp.resolve("s");
    io = new RecordingFileIO(root);
    store = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.DEFAULT, io);
    store.recover();
  }

  @org.junit.jupiter.api.AfterEach
  void close() {
    store.close();
  }

  @Test
  void initReplacesServerDatThroughAForcedTempFileAndForcesTheDirectory() {
    io.clear();
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    List<String> e = io.events();
    assertThat(e.subList(0, 4)).containsExactly(
        "write server.dat.tmp", "force server.dat.tmp", "move server.dat.tmp -> server.dat", "forceDir .");
    assertThat(e).doesNotContain("write server.dat");
    assertThat(e).containsSubsequence("write clients.dat.tmp", "force clients.dat.tmp",
        "move clients.dat.tmp -> clients.dat", "forceDir .");
  }

  @Test
  void addedClientIsForcedBeforeAddReturns() {
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    io.clear();
    store.addClient(ClientInfo.newBuilder().setID("c1").setHbInbox("hb").build());
    assertThat(io.events()).containsExactly("write clients.dat", "force clients.dat");
  }

  @Test
  void newChannelDirectoryAndSubscriptionFileAreDurableBeforeCreateReturns() {
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    io.clear();
    store.createChannel("foo");
    assertThat(io.events()).containsSubsequence("mkdir foo", "forceDir .")
        .containsSubsequence("write foo/subs.dat.tmp", "force foo/subs.dat.tmp",
            "move foo/subs.dat.tmp -> foo/subs.dat", "forceDir foo");
  }

  @Test
  void createdSubscriptionIsForcedBeforeCreateReturnsAndOtherRecordsWaitForFlush() {
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    Channel c = store.createChannel("foo");
    io.clear();
    long id = c.subs().createSub(SubState.newBuilder().setClientID("me").setInbox("in").build());
    assertThat(io.events()).containsExactly("write foo/subs.dat", "force foo/subs.dat");
    io.clear();
    c.subs().addSeqPending(id, 1);
    c.subs().ackSeqPending(id, 1);
    assertThat(io.events()).isEmpty();
    c.subs().flush();
    assertThat(io.events()).containsExactly("write foo/subs.dat", "force foo/subs.dat");
    io.clear();
    c.subs().flush();
    assertThat(io.events()).as("nothing new: no force").isEmpty();
  }

  @Test
  void deletedChannelIsRenamedAwayDurablyBeforeAnyFileIsRemoved() {
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    store.createChannel("foo").subs().createSub(SubState.newBuilder().setClientID("me").build());
    io.clear();
    store.deleteChannel("foo");
    List<String> e = io.events();
    int move = e.indexOf("move foo -> .deleted-*");
    int force = e.indexOf("forceDir .");
    int firstDelete = indexOfPrefix(e, "delete ");
    assertThat(move).isGreaterThanOrEqualTo(0);
    assertThat(force).isGreaterThan(move);
    assertThat(firstDelete).isGreaterThan(force);
    assertThat(e).contains("delete .deleted-*");
  }

  @Test
  void compactionWritesForcesAndRenamesBeforeTheOldFileIsGone() {
    store.close();
    store = FileStore.open(root, FileStoreOptions.builder().compactMinFileSize(0).build(),
        StoreLimits.DEFAULT, io);
    store.recover();
    store.init(ServerInfo.newBuilder().setClusterID("c").build());
    Channel c = store.createChannel("foo");
    long a = c.subs().createSub(SubState.newBuilder().setClientID("me").build());
    long b = c.subs().createSub(SubState.newBuilder().setClientID("me").build());
    c.subs().addSeqPending(a, 1);
    for (long seq = 1; seq <= 3; seq++) {
      c.subs().addSeqPending(b, seq);
    }
    io.clear();
    c.subs().deleteSub(b); // 4 of 6 records dead: compacts
    assertThat(io.events()).containsSubsequence(
        "write foo/subs.dat.tmp", "force foo/subs.dat.tmp", "move foo/subs.dat.tmp -> foo/subs.dat",
        "forceDir foo");
  }

  private static int indexOfPrefix(List<String> events, String prefix) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
