package io.streamstore.jdbc;

import static io.streamstore.jdbc.Fixtures.msg;
import static io.streamstore.jdbc.Fixtures.serverInfo;
import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.spi.Channel;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * Database server failures: a connection killed in the middle of a batch, and every connection of
 * the store killed again and again under load (what a server restart looks like to a client). Only
 * this test's own connections are killed; other users of the server are untouched.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServerFailureTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private TestDatabase db;

  abstract TestDatabase createDatabase();

  private String unavailable; // why the database cannot be used; each test is then skipped with it

  @BeforeAll
  void start() {
    try {
      db = createDatabase();
    } catch (TestAbortedException e) {
      unavailable = e.getMessage();
    }
  }

  @BeforeEach
  void requireDatabase() {
    if (unavailable != null) {
      Assumptions.abort(unavailable);
    }
  }

  @AfterAll
  void drop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private String newPrefix() {
    return "f" + PREFIXES.incrementAndGet() + "_";
  }

  private Store open(String prefix, String options) {
    return Stores.open(db.storeUrl("tablePrefix=" + prefix + "&connectionTimeout=3s&" + options));
  }

  private long messageRows(String prefix) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + prefix + "messages");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void aConnectionKilledMidBatchLeavesNoPartOfTheBatch() throws Exception {
    String prefix = newPrefix();
    Store store = open(prefix, "batchSize=100000");
    try {
      store.init(serverInfo());
      Channel ch = store.createChannel("kill");
      MsgStore msgs = ch.msgs();
      for (long seq = 1; seq <= 500; seq++) {
        msgs.store(msg("kill", seq));
      }
      CompletableFuture<Throwable> flushed;
      try (Connection blocker = db.connect()) {
        // Hold the channel row so the flush blocks after inserting its messages, before COMMIT.
        blocker.setAutoCommit(false);
        try (PreparedStatement ps = blocker.prepareStatement(
            "SELECT channel_id FROM " + prefix + "channels FOR UPDATE")) {
          ps.executeQuery().close();
        }
        flushed = CompletableFuture.supplyAsync(() -> {
          try {
            msgs.flush();
            return null;
          } catch (Throwable t) {
            return t;
          }
        });
        int killed = 0;
        for (int i = 0; i < 200 && killed == 0; i++) {
          Thread.sleep(25);
          killed = db.killConnections(true);
        }
        assertThat(killed).as("the flush was seen waiting and was killed").isPositive();
        blocker.rollback();
      }
      Throwable failure = flushed.get(30, TimeUnit.SECONDS);
      assertThat(failure).isInstanceOf(JdbcStoreException.class);
      assertThat(((JdbcStoreException) failure).sqlState()).isPresent();
      assertThat(failure.getMessage()).contains("flush of channel \"kill\"").contains("SQLState");
      assertThat(messageRows(prefix)).as("nothing of the killed batch is in the database").isZero();
      assertThat(msgs.state().count()).isEqualTo(500);
      assertThat(msgs.lookup(250)).isPresent();

      msgs.flush(); // the pool replaced the dead connection
      assertThat(messageRows(prefix)).isEqualTo(500);
    } finally {
      store.close();
    }
    Store again = open(prefix, "");
    try {
      MsgStore recovered = again.recover().orElseThrow().channels().get("kill").channel().msgs();
      assertThat(recovered.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 500));
      assertThat(recovered.state().count()).isEqualTo(500);
    } finally {
      again.close();
    }
  }

  @Test
  void connectionsKilledUnderLoadGiveClearErrorsThenRecoverWithoutLosingFlushedData()
      throws Exception {
    String prefix = newPrefix();
    List<StoreException> errors = new ArrayList<>();
    AtomicLong acknowledged = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Store store = open(prefix, "batchSize=200");
    long total;
    try {
      store.init(serverInfo());
      MsgStore msgs = store.createChannel("load").msgs();
      Thread writer = new Thread(() -> {
        long seq = 1;
        while (!stop.get() || acknowledged.get() < seq - 1) {
          try {
            if (!stop.get()) {
              msgs.store(msg("load", seq)); // a retried seq that was buffered is ignored
              seq++;
            }
            if (stop.get() || seq % 100 == 1) {
              msgs.flush();
              acknowledged.set(seq - 1);
            }
          } catch (StoreException e) {
            synchronized (errors) {
              errors.add(e);
            }
            pause(20);
          }
        }
      }, "writer");
      writer.start();
      int kills = 0;
      for (int round = 0; round < 40 && kills < 4; round++) {
        Thread.sleep(150);
        if (db.killConnections(false) > 0) {
          kills++;
        }
      }
      stop.set(true);
      writer.join(TimeUnit.MINUTES.toMillis(2));
      assertThat(writer.isAlive()).as("the writer finished after the database came back").isFalse();
      assertThat(kills).as("connections killed while the writer ran").isEqualTo(4);
      total = acknowledged.get();
      assertThat(total).isEqualTo(msgs.lastSequence()).isPositive();
      synchronized (errors) {
        assertThat(errors).as("killed connections surface as errors").isNotEmpty();
        assertThat(errors).allSatisfy(e -> {
          assertThat(e).isInstanceOf(JdbcStoreException.class);
          assertThat(e.getMessage()).contains("SQLState");
        });
      }
    } finally {
      stop.set(true);
      store.close();
    }
    assertThat(messageRows(prefix)).isEqualTo(total);
    Store again = open(prefix, "");
    try {
      MsgStore recovered = again.recover().orElseThrow().channels().get("load").channel().msgs();
      assertThat(recovered.firstAndLastSequence()).isEqualTo(new SequenceRange(1, total));
      assertThat(recovered.state().count()).isEqualTo(total);
      for (long seq = 1; seq <= total; seq += 97) {
        assertThat(recovered.lookup(seq)).as("seq %d", seq).isPresent();
      }
    } finally {
      again.close();
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
