package io.streamstore.file;

import static io.streamstore.file.MsgLogFixtures.context;
import static io.streamstore.file.MsgLogFixtures.copy;
import static io.streamstore.file.MsgLogFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.file.log.MsgLogContext;
import io.streamstore.file.recovery.SliceAction;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.SequenceRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The message log against stores written by the real NATS Streaming server. */
class FileMsgStoreFixtureTest {

  @TempDir Path tmp;
  private MsgLogContext ctx;

  private FileMsgStore recover(Path root, String channel, FileStoreOptions o, MsgStoreLimits l) {
    ctx = context(o);
    return FileMsgStore.recover(ctx, root.resolve(channel), channel, l);
  }

  @AfterEach
  void stop() {
    if (ctx != null) {
      ctx.scheduler().shutdownNow();
    }
  }

  private static void assertAllMessages(FileMsgStore ms, String channel, long from, long to) {
    for (long seq = from; seq <= to; seq++) {
      assertThat(ms.lookup(seq)).as("seq %d", seq).contains(message(channel, seq));
    }
  }

  @Test
  void basicRecoversEveryMessageWithNatsAccounting() {
    Path root = copy("basic", tmp);
    Map<String, Long> bytes = Map.of("foo", 314915L, "bar.baz", 322923L, "orders", 320921L);
    for (String ch : bytes.keySet()) {
      FileMsgStore ms = recover(root, ch, FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
      assertThat(ms.state().count()).isEqualTo(1000);
      assertThat(ms.state().bytes()).isEqualTo(bytes.get(ch));
      assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 1000));
      assertThat(ms.recoveryReport().slices()).singleElement()
          .satisfies(r -> assertThat(r.actions()).containsExactly(SliceAction.INDEX_USED));
      assertAllMessages(ms, ch, 1, 1000);
      // random order too
      for (long seq : new long[] {999, 3, 500, 1, 1000, 42}) {
        assertThat(ms.lookup(seq)).contains(message(ch, seq));
      }
      assertThat(ms.lookup(0)).isEmpty();
      assertThat(ms.lookup(1001)).isEmpty();
      assertThat(ms.firstMsg()).contains(message(ch, 1));
      assertThat(ms.lastMsg()).contains(message(ch, 1000));
      assertThat(ms.sequenceForTimestamp(message(ch, 300).getTimestamp())).isEqualTo(300);
      assertThat(ms.sequenceForTimestamp(message(ch, 300).getTimestamp() - 1)).isEqualTo(300);
      assertThat(ms.sequenceForTimestamp(0)).isEqualTo(1);
      assertThat(ms.sequenceForTimestamp(Long.MAX_VALUE)).isEqualTo(1001);
      ms.close();
      ctx.scheduler().shutdownNow();
    }
  }

  @Test
  void writingTheFixtureMessagesGivesTheSameBytesAsNats() throws Exception {
    Path dir = tmp.resolve("foo");
    Files.createDirectories(dir);
    ctx = context(FileStoreOptions.DEFAULTS);
    FileMsgStore ms = FileMsgStore.create(ctx, dir, "foo", MsgStoreLimits.UNLIMITED);
    for (long seq = 1; seq <= 1000; seq++) {
      ms.store(message("foo", seq));
    }
    ms.close();
    Path nats = MsgLogFixtures.ROOT.resolve("basic/store/foo");
    assertThat(Files.readAllBytes(dir.resolve("msgs.1.dat")))
        .isEqualTo(Files.readAllBytes(nats.resolve("msgs.1.dat")));
    assertThat(Files.readAllBytes(dir.resolve("msgs.1.idx")))
        .isEqualTo(Files.readAllBytes(nats.resolve("msgs.1.idx")));
  }

  @Test
  void noIndexRebuildsTheNatsIndexByteForByte() throws Exception {
    Path root = copy("no-index", tmp);
    FileMsgStore ms = recover(root, "foo", FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(ms.recoveryReport().any(SliceAction.INDEX_REBUILT)).isTrue();
    assertThat(ms.state().count()).isEqualTo(1000);
    assertThat(ms.state().bytes()).isEqualTo(314915L);
    assertAllMessages(ms, "foo", 1, 1000);
    ms.close();
    assertThat(Files.readAllBytes(root.resolve("foo/msgs.1.idx")))
        .isEqualTo(Files.readAllBytes(MsgLogFixtures.ROOT.resolve("basic/store/foo/msgs.1.idx")));
  }

  @Test
  void readOnlyRecoveryChangesNoByte() {
    Path root = copy("no-index", tmp);
    Map<String, byte[]> before = MsgLogFixtures.snapshot(root);
    FileStoreOptions ro = FileStoreOptions.builder().readOnly(true).build();
    FileMsgStore ms = recover(root, "orders", ro, new MsgStoreLimits(10, 0, Duration.ZERO));
    assertThat(ms.state().count()).isEqualTo(10);
    assertAllMessages(ms, "orders", 991, 1000);
    assertThatThrownBy(() -> ms.store(message("orders", 1001)))
        .hasMessageContaining("read-only");
    ms.flush();
    ms.close();
    Map<String, byte[]> after = MsgLogFixtures.snapshot(root);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((k, v) -> assertThat(after.get(k)).as(k).isEqualTo(v));
  }

  @Test
  void slicedRecoversTheRemainingSlices() {
    Path root = copy("sliced", tmp);
    FileMsgStore ms = recover(root, "sliced", FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(501, 1050));
    assertThat(ms.state().count()).isEqualTo(550);
    assertThat(ms.recoveryReport().slices()).hasSize(6);
    assertAllMessages(ms, "sliced", 501, 1050);
    ms.close();
  }

  @Test
  void slicedWithChannelLimitRemovesTheFirstSliceAsBak() throws Exception {
    Path root = copy("sliced", tmp);
    FileMsgStore ms = recover(root, "sliced", FileStoreOptions.DEFAULTS,
        new MsgStoreLimits(500, 0, Duration.ZERO));
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(551, 1050));
    assertThat(ms.state().count()).isEqualTo(500);
    assertThat(ms.lookup(550)).isEmpty();
    assertThat(ms.lookup(551)).contains(message("sliced", 551));
    ms.close();
    // slice 6 held 501..600: half removed logically, so still there
    assertThat(root.resolve("sliced/msgs.6.dat")).exists();
  }

  @Test
  void tornTailFailsNamingTheFileByDefault() {
    Path root = copy("torn-tail", tmp);
    assertThatThrownBy(() -> recover(root, "orders", FileStoreOptions.DEFAULTS,
            MsgStoreLimits.UNLIMITED))
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("msgs.1.dat"));
          assertThat(e.offset()).isPresent();
          assertThat(e.getMessage()).contains("truncateUnexpectedEOF");
        });
  }

  @Test
  void tornTailIsCutWithTruncateUnexpectedEof() throws Exception {
    Path root = copy("torn-tail", tmp);
    long before = Files.size(root.resolve("orders/msgs.1.dat"));
    FileStoreOptions o = FileStoreOptions.builder().truncateUnexpectedEOF(true).build();
    FileMsgStore ms = recover(root, "orders", o, MsgStoreLimits.UNLIMITED);
    assertThat(ms.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 998));
    assertThat(ms.recoveryReport().any(SliceAction.TAIL_TRUNCATED)).isTrue();
    assertThat(ms.recoveryReport().bytesDropped()).isPositive();
    assertAllMessages(ms, "orders", 990, 998);
    assertThat(Files.size(root.resolve("orders/msgs.1.dat")))
        .isEqualTo(before - ms.recoveryReport().bytesDropped());
    ms.store(message("orders", 999));
    ms.flush();
    ms.close();
    FileMsgStore again = recover(root, "orders", FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(again.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 999));
    assertThat(again.lookup(999)).contains(message("orders", 999));
    again.close();
  }

  @Test
  void crcBadRecoversThroughTheIndexAndFailsOnlyThatLookup() {
    Path root = copy("crc-bad", tmp);
    FileMsgStore ms = recover(root, "foo", FileStoreOptions.DEFAULTS, MsgStoreLimits.UNLIMITED);
    assertThat(ms.state().count()).isEqualTo(1000);
    assertThatThrownBy(() -> ms.lookup(497))
        .isInstanceOfSatisfying(CorruptedDataException.class, e -> {
          assertThat(e.getMessage()).contains("CRC");
          assertThat(e.file()).hasValueSatisfying(f -> assertThat(f).endsWith("msgs.1.dat"));
        });
    assertAllMessages(ms, "foo", 1, 496);
    assertAllMessages(ms, "foo", 498, 1000);
    ms.close();
  }
}
