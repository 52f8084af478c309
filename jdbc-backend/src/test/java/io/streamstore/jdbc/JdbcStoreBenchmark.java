package io.streamstore.jdbc;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.Store;
import io.streamstore.spi.SubStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The standard workloads on one database, printed as rates; a program, not a unit test.
 *
 * <pre>
 * java -cp ... io.streamstore.jdbc.JdbcStoreBenchmark 'jdbc:postgresql://127.0.0.1:5432/test?user=postgres' [messages]
 * </pre>
 *
 * <ul>
 *   <li>W1: {@code messages} (default 1,000,000) × 128-byte payloads, flush every 1,000;
 *   <li>W5: 100,000 random lookups over what W1 stored;
 *   <li>W6: one subscription, {@code messages} addSeqPending then as many ackSeqPending;
 *   <li>baselines: one auto-commit INSERT per message (plain JDBC), and the store with {@code
 *       noCaching=true}, on 5,000 messages (third argument).
 * </ul>
 *
 * Tables get a random prefix and are dropped at the end.
 */
public final class JdbcStoreBenchmark {

  private JdbcStoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    String jdbcUrl = args.length > 0 ? args[0] : "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int baselineN = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
    String prefix = "b" + UUID.randomUUID().toString().substring(0, 8) + "_";
    String location = jdbcUrl.substring("jdbc:".length());
    char sep = location.startsWith("h2:") || location.indexOf('?') < 0 ? '?' : '&';
    String storeUrl = "streamstore:jdbc:" + location + sep + "tablePrefix=" + prefix
        + "&maxMsgs=0&maxBytes=0";
    byte[] payload = new byte[128];
    new SplittableRandom(1).nextBytes(payload);
    ByteString data = ByteString.copyFrom(payload);
    System.out.printf(Locale.ROOT, "database %s, %,d messages%n", jdbcUrl, n);

    try (Store store = Stores.open(storeUrl)) {
      store.recover();
      Channel ch = store.createChannel("bench");
      MsgStore msgs = ch.msgs();
      long t0 = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        msgs.store(MsgProto.newBuilder().setSequence(seq).setSubject("bench").setData(data)
            .setTimestamp(seq).build());
        if (seq % 1000 == 0) {
          msgs.flush();
        }
      }
      msgs.flush();
      double w1 = rate(n, t0);
      System.out.printf(Locale.ROOT, "W1 batched append:            %,12.0f msgs/s%n", w1);

      int lookups = 100_000;
      SplittableRandom rnd = new SplittableRandom(7);
      t0 = System.nanoTime();
      for (int i = 0; i < lookups; i++) {
        if (msgs.lookup(1 + rnd.nextLong(n)).isEmpty()) {
          throw new AssertionError("lookup missed");
        }
      }
      System.out.printf(Locale.ROOT, "W5 random lookup:             %,12.0f lookups/s%n",
          rate(lookups, t0));

      SubStore subs = ch.subs();
      long sub = subs.createSub(io.streamstore.proto.SubState.newBuilder().setClientID("c")
          .setInbox("i").setAckInbox("a").setMaxInFlight(1000).build());
      t0 = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        subs.addSeqPending(sub, seq);
      }
      subs.flush();
      System.out.printf(Locale.ROOT, "W6 addSeqPending:             %,12.0f ops/s%n", rate(n, t0));
      t0 = System.nanoTime();
      for (long seq = 1; seq <= n; seq++) {
        subs.ackSeqPending(sub, seq);
      }
      subs.flush();
      System.out.printf(Locale.ROOT, "W6 ackSeqPending:             %,12.0f ops/s%n", rate(n, t0));
    }

    try (Store store = Stores.open(storeUrl.replace(prefix, prefix + "nc_") + "&noCaching=true")) {
      store.recover();
      MsgStore msgs = store.createChannel("bench").msgs();
      long t0 = System.nanoTime();
      for (long seq = 1; seq <= baselineN; seq++) {
        msgs.store(MsgProto.newBuilder().setSequence(seq).setSubject("bench").setData(data)
            .setTimestamp(seq).build());
      }
      System.out.printf(Locale.ROOT, "store, noCaching=true:        %,12.0f msgs/s%n",
          rate(baselineN, t0));
    }

    double autocommit;
    try (Connection c = DriverManager.getConnection(jdbcUrl)) {
      c.setAutoCommit(true);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix
          + "messages (channel_id, seq, ts, msg_size, data) VALUES (?, ?, ?, ?, ?)")) {
        long t0 = System.nanoTime();
        for (long seq = 1; seq <= baselineN; seq++) {
          byte[] bytes = MsgProto.newBuilder().setSequence(seq).setSubject("bench").setData(data)
              .setTimestamp(seq).build().toByteArray();
          ps.setLong(1, 999);
          ps.setLong(2, seq);
          ps.setLong(3, seq);
          ps.setInt(4, bytes.length);
          ps.setBytes(5, bytes);
          ps.executeUpdate();
        }
        autocommit = rate(baselineN, t0);
      }
      System.out.printf(Locale.ROOT, "one auto-commit INSERT/msg:   %,12.0f msgs/s%n", autocommit);
      try (Statement s = c.createStatement()) {
        for (String p : new String[] {prefix, prefix + "nc_"}) {
          for (String t : new String[] {"schema_version", "server_info", "clients", "channels",
              "messages", "subscriptions", "pending", "store_lock"}) {
            s.execute("DROP TABLE IF EXISTS " + p + t);
          }
        }
      }
    }
  }

  private static double rate(long ops, long startNanos) {
    return ops / ((System.nanoTime() - startNanos) / 1e9);
  }
}
