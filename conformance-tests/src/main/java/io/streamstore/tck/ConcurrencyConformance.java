package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.AlreadyExistsException;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Several threads at once: stores and lookups on the same and on different channels, channel and
 * subscription creation. Nothing is lost, nothing is duplicated, readers never see a wrong message.
 */
public abstract class ConcurrencyConformance extends ConformanceSupport {

  private static final int THREADS = 4;

  private static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(PATIENCE.toSeconds() * 4, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void writersOnSeparateChannelsAndReadersLoseNothing() throws Exception {
    Store s = openFresh(StoreLimits.builder().maxChannels(100).build());
    int perWriter = 2000;
    List<Channel> channels = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      channels.add(s.createChannel("conc." + i));
    }
    AtomicInteger wrongReads = new AtomicInteger();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (Channel c : channels) {
      tasks.add(() -> {
        for (long seq = 1; seq <= perWriter; seq++) {
          assertThat(c.msgs().store(msg(c.name(), seq, c.name() + "/" + seq))).isEqualTo(seq);
        }
        return perWriter;
      });
    }
    for (Channel c : channels) {
      tasks.add(() -> {
        int reads = 0;
        while (reads < 200 || c.msgs().lastSequence() < perWriter) {
          long last = c.msgs().lastSequence();
          for (long seq = Math.max(1, last - 5); seq <= last; seq++) {
            Optional<MsgProto> m = c.msgs().lookup(seq);
            if (m.isEmpty() || !m.get().getData().toStringUtf8().equals(c.name() + "/" + seq)) {
              wrongReads.incrementAndGet();
            }
            reads++;
          }
          Thread.onSpinWait();
        }
        return reads;
      });
    }
    runTogether(tasks);
    assertThat(wrongReads).as("lookups of stored sequences that were missing or wrong").hasValue(0);
    for (Channel c : channels) {
      MsgStore ms = c.msgs();
      assertThat(ms.state().count()).isEqualTo(perWriter);
      for (long seq = 1; seq <= perWriter; seq++) {
        assertThat(ms.lookup(seq).orElseThrow().getData().toStringUtf8())
            .isEqualTo(c.name() + "/" + seq);
      }
    }
  }

  @Test
  void racingWritersOnOneChannelNeverDuplicateOrReorder() throws Exception {
    Channel foo = openFresh(StoreLimits.builder().maxChannels(10).build()).createChannel("foo");
    int perWriter = 1000;
    Set<Long> accepted = ConcurrentHashMap.newKeySet();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int w = 0; w < THREADS; w++) {
      int writer = w;
      tasks.add(() -> {
        for (long i = 1; i <= perWriter; i++) {
          long seq = i * THREADS + writer; // writers interleave sequences
          long before = foo.msgs().lastSequence();
          foo.msgs().store(msg("foo", seq, "w" + writer + "/" + seq));
          if (foo.msgs().lookup(seq).isPresent() && before < seq) {
            accepted.add(seq);
          }
        }
        return perWriter;
      });
    }
    runTogether(tasks);
    MsgStore ms = foo.msgs();
    long count = ms.state().count();
    Set<Long> present = new HashSet<>();
    long previous = 0;
    for (long seq = ms.firstSequence(); seq <= ms.lastSequence(); seq++) {
      Optional<MsgProto> m = ms.lookup(seq);
      if (m.isPresent()) {
        assertThat(m.get().getSequence()).isEqualTo(seq).isGreaterThan(previous);
        if (!isPlaceholder(m.get())) { // a backend may fill skipped sequences with placeholders
          assertThat(m.get().getData().toStringUtf8()).endsWith("/" + seq);
        }
        previous = seq;
        present.add(seq);
      }
    }
    assertThat((long) present.size()).as("state().count() matches the messages found")
        .isEqualTo(count);
    assertThat(present).as("messages seen stored are still there").containsAll(accepted);
    assertThat(ms.lastSequence()).isEqualTo((long) perWriter * THREADS + THREADS - 1);
  }

  @Test
  void concurrentCreationOfOneChannelHasExactlyOneWinner() throws Exception {
    Store s = openFresh(StoreLimits.builder().maxChannels(10).build());
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      tasks.add(() -> {
        try {
          s.createChannel("contended");
          return true;
        } catch (AlreadyExistsException e) {
          return false;
        }
      });
    }
    assertThat(runTogether(tasks)).containsOnlyOnce(true);
  }

  @Test
  void concurrentSubscriptionCreationGivesDistinctIds() throws Exception {
    Channel foo = openFresh(StoreLimits.builder().maxChannels(10).build()).createChannel("foo");
    int perThread = 200;
    List<Callable<List<Long>>> tasks = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      tasks.add(() -> {
        List<Long> ids = new ArrayList<>();
        for (int n = 0; n < perThread; n++) {
          long id = foo.subs().createSub(sub("me"));
          foo.subs().addSeqPending(id, n + 1);
          ids.add(id);
        }
        return ids;
      });
    }
    Set<Long> all = new HashSet<>();
    for (List<Long> ids : runTogether(tasks)) {
      all.addAll(ids);
    }
    assertThat(all).hasSize(THREADS * perThread);
  }

  @Test
  void firstAndLastSequenceStayConsistentWhileLimitsRemoveMessages() throws Exception {
    int keep = 100;
    Channel foo = openFresh(StoreLimits.builder().maxChannels(10).maxMsgs(keep).build())
        .createChannel("foo");
    int total = 5000;
    AtomicInteger violations = new AtomicInteger();
    List<Callable<Integer>> tasks = new ArrayList<>();
    tasks.add(() -> {
      for (long seq = 1; seq <= total; seq++) {
        foo.msgs().store(msg("foo", seq, "m" + seq));
      }
      return total;
    });
    for (int r = 0; r < THREADS - 1; r++) {
      tasks.add(() -> {
        int checks = 0;
        long seenLast = 0;
        while (seenLast < total) {
          SequenceRange range = foo.msgs().firstAndLastSequence();
          boolean ok = range.last() >= seenLast; // never goes back
          if (range.last() > 0) {
            ok &= range.first() >= 1 && range.first() <= range.last(); // never all removed
            ok &= range.last() - range.first() + 1 <= keep; // read together, within the limit
          }
          if (!ok) {
            violations.incrementAndGet();
          }
          seenLast = Math.max(seenLast, range.last());
          checks++;
        }
        return checks;
      });
    }
    runTogether(tasks);
    assertThat(violations).as("inconsistent first/last readings").hasValue(0);
    assertThat(foo.msgs().firstAndLastSequence())
        .isEqualTo(new SequenceRange(total - keep + 1, total));
    assertThat(foo.msgs().state().count()).isEqualTo(keep);
  }
}
