package io.streamstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.StoreLimits;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** One expiry thread per store, started only when needed and stopped on close. */
class ExpirySchedulerTest {

  private static long expiryThreads(String storeName) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("streamstore-memory-expiry-" + storeName))
        .count();
  }

  private static long nanos(Instant i) {
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Test
  void manyChannelsWithMaxAgeShareOneDaemonThreadStoppedOnClose() throws Exception {
    StoreLimits limits = StoreLimits.builder().maxAge(Duration.ofMinutes(1)).build();
    MemoryStore store = new MemoryStore("shared-test", limits);
    for (int i = 0; i < 50; i++) {
      Channel c = store.createChannel("ch." + i);
      c.msgs().store(MsgProto.newBuilder().setSequence(1).setTimestamp(nanos(Instant.now())).build());
    }
    assertThat(store.expiryThreadRunning()).isTrue();
    assertThat(expiryThreads("shared-test")).isEqualTo(1);
    store.close();
    assertThat(store.expiryThreadRunning()).isFalse();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (expiryThreads("shared-test") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(expiryThreads("shared-test")).isZero();
  }

  @Test
  void storesWithoutMaxAgeStartNoThread() {
    MemoryStore store = new MemoryStore("no-age", StoreLimits.DEFAULT);
    Channel c = store.createChannel("foo");
    c.msgs().store(MsgProto.newBuilder().setSequence(1).build());
    assertThat(store.expiryThreadRunning()).isFalse();
    assertThat(expiryThreads("no-age")).isZero();
    store.close();
  }

  @Test
  void theExpiryThreadIsADaemon() {
    ExpiryScheduler scheduler = new ExpiryScheduler("daemon-test");
    Thread[] seen = new Thread[1];
    java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
    scheduler.schedule(() -> {
      seen[0] = Thread.currentThread();
      ran.countDown();
    }, 0);
    try {
      assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(seen[0].isDaemon()).isTrue();
      assertThat(seen[0].getName()).isEqualTo("streamstore-memory-expiry-daemon-test");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    } finally {
      scheduler.shutdown();
    }
    Object afterShutdown = scheduler.schedule(() -> {}, 0);
    assertThat(afterShutdown).as("nothing scheduled after shutdown").isNull();
  }
}
