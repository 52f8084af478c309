package io.streamstore.memory;

import com.google.protobuf.ByteString;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.StoreLimits;

/**
 * A rough load check, not a benchmark (the benchmarks module measures): stores N messages of 128
 * bytes into one channel with limits on, then looks every one up, and prints the times. Run from the
 * module directory after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp target/classes:target/test-classes:../spi/target/classes:$PROTOBUF_JAR:$SLF4J_JAR \
 *     io.streamstore.memory.MemoryStoreLoad 1000000
 * </pre>
 */
public final class MemoryStoreLoad {

  private MemoryStoreLoad() {}

  /** Entry point; the optional argument is the message count (default 1,000,000). */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    ByteString payload = ByteString.copyFrom(new byte[128]);
    for (long maxMsgs : new long[] {StoreLimits.DEFAULT.channelLimits().maxMsgs(), n / 10}) {
      StoreLimits limits = StoreLimits.DEFAULT.toBuilder().maxMsgs(maxMsgs).build();
      MemoryStore store = new MemoryStore("load", limits);
      Channel c = store.createChannel("load");
      long t0 = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        c.msgs().store(MsgProto.newBuilder().setSequence(seq).setSubject("load").setData(payload)
            .setTimestamp(seq).build());
      }
      long t1 = System.nanoTime();
      long found = 0;
      for (long seq = 1; seq <= n; seq++) {
        found += c.msgs().lookup(seq).isPresent() ? 1 : 0;
      }
      long t2 = System.nanoTime();
      System.out.printf(
          "maxMsgs=%d: stored %d x 128 B in %d ms (%.0f msg/s), kept %d (%d bytes), "
              + "%d lookups in %d ms%n",
          maxMsgs, n, (t1 - t0) / 1_000_000, n / ((t1 - t0) / 1e9), c.msgs().state().count(),
          c.msgs().state().bytes(), n, (t2 - t1) / 1_000_000);
      if (found != c.msgs().state().count()) {
        throw new IllegalStateException("lookups found " + found + " messages");
      }
      store.close();
    }
  }
}
