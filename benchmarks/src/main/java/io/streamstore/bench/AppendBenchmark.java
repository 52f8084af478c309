package io.streamstore.bench;

import io.streamstore.spi.Channel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: the throughput of one {@code store} call (the inner loop of W1 and W2), per backend and
 * message size. Run with {@code java -jar benchmarks/target/benchmarks.jar AppendBenchmark -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

  /** The store URL template, as the CLI's {@code bench} takes it. */
  @Param({"streamstore:memory:", "streamstore:file:"})
  public String url;

  /** Payload size in bytes. */
  @Param({"128", "1024"})
  public int size;

  private WorkloadTarget target;
  private TargetStore store;
  private Channel channel;
  private MessageFactory factory;
  private long seq;

  /** Opens a fresh store with buffered flushes. */
  @Setup(Level.Trial)
  public void open() {
    target = UrlWorkloadTarget.of(url);
    store = target.fresh(Durability.BUFFERED);
    channel = store.store().createChannel("bench.append");
    factory = new MessageFactory(channel.name(), size);
  }

  /** One append. */
  @Benchmark
  public long append() {
    return channel.msgs().store(factory.message(++seq));
  }

  /** Flushes, closes and deletes the store. */
  @TearDown(Level.Trial)
  public void close() {
    channel.msgs().flush();
    store.store().close();
    target.close();
  }
}
