package io.streamstore.torture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.NotSupportedException;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * T9: 8 writer threads and 4 readers over 4 channels. Two writers share each channel (sequences are
 * handed out under a per-channel lock, as a server would); readers look up random and newest
 * sequences and check every message against the oracle. Afterwards every channel is scanned: no
 * gaps, no duplicates, no torn reads. For the file backend (and PostgreSQL/MariaDB, whose lock is a
 * lease row) a second JVM must be told the store is in use.
 */
class ConcurrencyTest {

  private static final int WRITERS = 8;
  private static final int READERS = 4;
  private static final int CHANNELS = 4;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"memory", "file", "h2", "postgres", "mariadb"})
  void writersAndReaders(String backend) throws Exception {
    Backends.Target target = switch (backend) {
      case "memory" -> Backends.memory();
      case "file" -> Backends.file(tmp.resolve("store"));
      case "h2" -> Backends.h2();
      default -> Backends.all(tmp).stream().filter(t -> t.name().equals(backend)).findFirst()
          .orElse(null);
    };
    assumeTrue(target != null, backend + ": set STREAMSTORE_TEST_"
        + backend.toUpperCase(java.util.Locale.ROOT) + "_URL to run it");
    assumeTrue(Backends.has(backend.equals("memory") || backend.equals("file") ? backend : "jdbc"),
        backend + " not installed");
    int seconds = Tier.size("concurrency.seconds", backend.equals("memory") ? 4 : 6, 30);
    long seed = Tier.seed("ConcurrencyTest");

    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong gaps = new AtomicLong();
    AtomicLong torn = new AtomicLong();
    AtomicLong reads = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    long[][] latencies = new long[WRITERS][];
    int[] latencyCount = new int[WRITERS];
    String lockAnswer = "n/a";
    long stored;
    long duplicates = 0;
    long finalGaps = 0;
    double rate;

    try (Store store = target.open()) {
      HostileNamesTest.wipe(store);
      // bounded memory and disk: the oldest messages go, which readers must tell apart from gaps
      store.setLimits(StoreLimits.builder().maxChannels(100)
          .channelLimits(ChannelLimits.builder().maxMsgs(200_000).build()).build());
      Channel[] channels = new Channel[CHANNELS];
      AtomicLong[] next = new AtomicLong[CHANNELS];
      Object[] locks = new Object[CHANNELS];
      for (int c = 0; c < CHANNELS; c++) {
        channels[c] = store.createChannel("conc." + c);
        next[c] = new AtomicLong();
        locks[c] = new Object();
      }
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int id = w;
        latencies[w] = new long[1 << 19];
        threads.add(new Thread(() -> {
          SplittableRandom r = new SplittableRandom(seed + id);
          int c = id % CHANNELS;
          String name = "conc." + c;
          int n = 0;
          try {
            while (!stop.get()) {
              long t0;
              long t1;
              synchronized (locks[c]) {
                long seq = next[c].incrementAndGet();
                MsgProto m = Payloads.msg(name, seq, 16 + r.nextInt(240));
                t0 = System.nanoTime();
                channels[c].msgs().store(m);
                t1 = System.nanoTime();
              }
              if (latencyCount[id] < latencies[id].length) {
                latencies[id][latencyCount[id]++] = t1 - t0;
              }
              if (++n % 32 == 0) {
                channels[c].msgs().flush();
              }
            }
            channels[c].msgs().flush();
          } catch (RuntimeException e) {
            errors.incrementAndGet();
            problems.add("writer " + id + ": " + e);
          }
        }, "writer-" + w));
      }
      for (int rd = 0; rd < READERS; rd++) {
        int id = rd;
        threads.add(new Thread(() -> {
          SplittableRandom r = new SplittableRandom(seed ^ (1000 + id));
          long[] seen = new long[CHANNELS];
          try {
            while (!stop.get()) {
              int c = r.nextInt(CHANNELS);
              MsgStore msgs = channels[c].msgs();
              String name = "conc." + c;
              long last = msgs.lastSequence();
              // newest messages in order, then one random lookup
              for (long seq = Math.max(seen[c] + 1, last - 50); seq <= last; seq++) {
                check(name, seq, msgs, gaps, torn, problems);
                reads.incrementAndGet();
              }
              seen[c] = Math.max(seen[c], last);
              if (last > 0) {
                check(name, 1 + r.nextLong(last), msgs, gaps, torn, problems);
                reads.incrementAndGet();
              }
            }
          } catch (RuntimeException e) {
            errors.incrementAndGet();
            problems.add("reader " + id + ": " + e);
          }
        }, "reader-" + rd));
      }
      long start = System.nanoTime();
      threads.forEach(Thread::start);
      Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
      stop.set(true);
      for (Thread t : threads) {
        t.join(TimeUnit.MINUTES.toMillis(2));
      }
      double elapsed = (System.nanoTime() - start) / 1e9;

      stored = 0;
      for (int c = 0; c < CHANNELS; c++) {
        MsgStore msgs = channels[c].msgs();
        String name = "conc." + c;
        long last = msgs.lastSequence();
        stored += last;
        if (last != next[c].get()) {
          duplicates += Math.abs(next[c].get() - last);
          problems.add(name + ": last=" + last + " but " + next[c].get() + " were stored");
        }
        for (long seq = msgs.firstSequence(); seq <= last; seq++) {
          Optional<MsgProto> m = msgs.lookup(seq);
          if (m.isEmpty()) {
            finalGaps++;
          } else if (Payloads.check(name, seq, m.get()) != null) {
            torn.incrementAndGet();
            problems.add(name + " final scan: " + Payloads.check(name, seq, m.get()));
          }
        }
      }
      rate = stored / elapsed;

      if (java.util.Set.of("file", "postgres", "mariadb").contains(backend)) {
        boolean mine;
        try {
          mine = store.tryExclusiveLock();
        } catch (NotSupportedException e) {
          mine = false;
        }
        if (mine) {
          try (ChildJvm probe = ChildJvm.start(LockProbeChild.class, List.of("-Xmx128m"),
              tmp.resolve("probe.err"), target.url())) {
            probe.waitFor(2, TimeUnit.MINUTES);
            lockAnswer = String.join(" ", probe.output());
          }
          if (!lockAnswer.equals("LOCK false") && !lockAnswer.startsWith("REFUSED StoreInUse")) {
            problems.add("second process was not told the store is in use: " + lockAnswer);
          }
        } else {
          problems.add("the store could not take its own exclusive lock");
        }
      }
    }

    long[] all = new long[Arrays.stream(latencyCount).sum()];
    int k = 0;
    for (int w = 0; w < WRITERS; w++) {
      System.arraycopy(latencies[w], 0, all, k, latencyCount[w]);
      k += latencyCount[w];
    }
    Arrays.sort(all);
    long p99 = all.length == 0 ? 0 : all[(int) Math.min(all.length - 1, all.length * 0.99)];
    String line = new Summary("CONCURRENCY")
        .put("backend", backend)
        .put("seconds", seconds + (Tier.isLong() ? "" : "(ci-scaled;long=30)"))
        .put("writers", WRITERS).put("readers", READERS).put("channels", CHANNELS)
        .put("stored", stored)
        .put("msgsPerSec", Math.round(rate))
        .put("p99StoreMicros", p99 / 1000)
        .put("reads", reads.get())
        .put("gaps", gaps.get() + finalGaps)
        .put("duplicates", duplicates)
        .put("tornReads", torn.get())
        .put("errors", errors.get())
        .put("secondProcess", lockAnswer.replace(' ', '_'))
        .put("seed", seed)
        .print();
    assertThat(problems).as(line).isEmpty();
    assertThat(gaps.get() + finalGaps + duplicates + torn.get() + errors.get()).as(line).isZero();
  }

  private static void check(String name, long seq, MsgStore msgs, AtomicLong gaps, AtomicLong torn,
      ConcurrentLinkedQueue<String> problems) {
    Optional<MsgProto> m = msgs.lookup(seq);
    if (m.isEmpty()) {
      if (seq >= msgs.firstSequence() && seq <= msgs.lastSequence()) {
        gaps.incrementAndGet();
        problems.add(name + ": seq " + seq + " missing inside [first,last]");
      }
      return;
    }
    String why = Payloads.check(name, seq, m.get());
    if (why != null) {
      torn.incrementAndGet();
      problems.add(name + ": " + why);
    }
  }
}
