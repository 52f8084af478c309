package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.tools.StoreVerifier;
import io.streamstore.file.tools.VerifyReport;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * T7: a real full disk. When the test runs as root it mounts an 8 MiB tmpfs, puts a 2 MiB ballast
 * file on it, and writes messages and clients until the store reports ENOSPC; then it deletes the
 * ballast, reopens, keeps writing, and reopens once more. Nothing acknowledged may be lost, and the
 * backend's own verifier must find no damaged record in the middle of any file. Skipped (with the
 * reason) when mounting is not possible; the tmpfs is always unmounted.
 */
class DiskFullTest {

  @TempDir Path tmp;

  @Test
  void writeUntilEnospcFreeSpaceKeepWriting() throws Exception {
    assumeTrue(FileStores.available(), "file backend not available");
    Path mnt = Files.createDirectories(tmp.resolve("tmpfs"));
    int mounted = run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt.toString());
    assumeTrue(mounted == 0, "cannot mount a tmpfs here (needs root): exit " + mounted);
    try {
      Path ballast = mnt.resolve("ballast");
      Files.write(ballast, new byte[2 << 20]);
      Path root = Files.createDirectories(mnt.resolve("store"));
      List<String> acks = new ArrayList<>();
      String firstError = null;
      long phase1 = 0;
      long phase2 = 0;
      // phase 1: until the disk is full
      try (Store store = FileStores.open(root, "", FileIO.real())) {
        store.recover();
        store.init(ServerInfo.newBuilder().setClusterID("full").build());
        Channel c = store.createChannel("full");
        for (long seq = 1; seq < 1_000_000; seq++) {
          try {
            c.msgs().store(Payloads.msg("full", seq, 3000));
            c.msgs().flush();
            acks.add("msg:full:" + seq);
            phase1++;
            if (seq % 10 == 0) {
              store.addClient(ClientInfo.newBuilder().setID("c" + seq).setHbInbox("hb").build());
              acks.add("client:c" + seq);
            }
          } catch (StoreException e) {
            firstError = e.getClass().getSimpleName() + ": " + e.getMessage();
            break;
          }
        }
      } catch (StoreException closeFailed) {
        // closing a store that hit ENOSPC may report it again
      }
      assertThat(firstError).as("the disk never filled up").isNotNull();
      // phase 2: free space, reopen, keep writing
      Files.delete(ballast);
      AckLedger.Verdict afterFull = AckLedger.checkWithRepair(
          () -> FileStores.open(root, "", FileIO.real()),
          () -> FileStores.open(root, "truncateUnexpectedEOF=true", FileIO.real()), acks);
      try (Store store = FileStores.open(root, "", FileIO.real())) {
        Optional<RecoveredState> s = store.recover();
        Channel c = s.orElseThrow().channels().get("full").channel();
        for (long seq = c.msgs().lastSequence() + 1, n = 0; n < 200; seq++, n++) {
          c.msgs().store(Payloads.msg("full", seq, 3000));
          c.msgs().flush();
          acks.add("msg:full:" + seq);
          phase2++;
        }
      }
      AckLedger.Verdict end = AckLedger.check(() -> FileStores.open(root, "", FileIO.real()), acks);
      VerifyReport report = StoreVerifier.verify(root, FileStoreOptions.DEFAULTS);
      String line = new Summary("DISKFULL")
          .put("tmpfs", "8m")
          .put("ackedBeforeFull", phase1)
          .put("error", firstError.length() > 80 ? firstError.substring(0, 80).replace(' ', '_')
              : firstError.replace(' ', '_'))
          .put("reopenAfterFull", afterFull.outcome())
          .put("ackedAfterFreeing", phase2)
          .put("finalCheck", end.outcome())
          .put("messagesChecked", end.messages())
          .put("verifierProblems", report.problems().size())
          .print();
      assertThat(afterFull.ok()).as(line + " " + afterFull.detail()).isTrue();
      assertThat(end.ok()).as(line + " " + end.detail()).isTrue();
      assertThat(report.problems()).as(line).isEmpty();
    } finally {
      int code = run("umount", mnt.toString());
      if (code != 0) {
        run("umount", "-l", mnt.toString());
      }
    }
  }

  private static int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
