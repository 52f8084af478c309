package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real jar: a {@code copy} stopped with SIGTERM (what Ctrl-C and {@code kill} send)
 * releases the target's lock on its way out, so that running it again resumes at once instead of
 * waiting for the lease to expire; and a copy refused because the target is in use says when a
 * killed owner's lock expires.
 */
class CopyInterruptJarIT {

  private static final int MESSAGES = 300_000;

  @TempDir Path tmp;

  /** A file store with one channel of {@value #MESSAGES} small messages: a copy of some seconds. */
  private String bigSource() {
    String url = "streamstore:file:" + tmp.resolve("src") + "?doSync=false";
    try (Store store = Stores.open(url)) {
      store.setLimits(StoreLimits.UNLIMITED);
      store.init(ServerInfo.newBuilder().setClusterID("big").build());
      Channel ch = store.createChannel("big");
      ByteString payload = ByteString.copyFrom(new byte[64]);
      for (long seq = 1; seq <= MESSAGES; seq++) {
        ch.msgs().store(MsgProto.newBuilder().setSequence(seq).setSubject("big")
            .setTimestamp(seq).setData(payload).build());
      }
      ch.msgs().flush();
    }
    return "streamstore:file:" + tmp.resolve("src");
  }

  @Test
  void aCopyKilledWithSigtermReleasesItsLockAndTheRerunResumesAtOnce() throws Exception {
    String source = bigSource();
    // a lease far longer than the test: only a released lock lets the second run in
    String target = "streamstore:jdbc:h2:" + tmp.resolve("dst") + "?lockLease=120s";
    Path err = tmp.resolve("err.txt");
    Process copy = new ProcessBuilder(ShadedJar.command("copy", source, target))
        .redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(err.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(Files.exists(err) && Files.readString(err, StandardCharsets.UTF_8).contains("copying"))
        && copy.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Thread.sleep(200); // into the messages
    assertThat(copy.isAlive()).as("still copying when told to stop: "
        + Files.readString(err, StandardCharsets.UTF_8)).isTrue();
    copy.destroy(); // SIGTERM
    assertThat(copy.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(err, StandardCharsets.UTF_8))
        .contains("interrupted: the target was flushed and closed");

    ShadedJar.Result again = ShadedJar.run("copy", source, target);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("resuming into existing data");
    assertThat(again.out()).contains("verified:");
  }

  @Test
  void aTargetInUseSaysWhenAKilledOwnersLockExpires() throws Exception {
    String jdbc = TestServers.jdbcUrl("postgres");
    String prefix = TestServers.prefix("lease");
    String target = TestServers.storeUrl(jdbc, "tablePrefix=" + prefix + "&lockLease=45s");
    try (Store owner = Stores.open(target)) {
      assertThat(owner.tryExclusiveLock()).isTrue();
      ShadedJar.Result r = ShadedJar.run("copy",
          "streamstore:file:" + Fixtures.copy("basic", tmp), target);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CANNOT_OPEN);
      assertThat(r.err()).contains("in use by another process")
          .contains("the lock expires at most 45 s (option lockLease)");
    } finally {
      TestServers.drop(jdbc, prefix);
    }
  }
}
