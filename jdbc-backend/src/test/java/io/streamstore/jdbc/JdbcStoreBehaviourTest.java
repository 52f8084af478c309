package io.streamstore.jdbc;

import static io.streamstore.jdbc.Fixtures.client;
import static io.streamstore.jdbc.Fixtures.msg;
import static io.streamstore.jdbc.Fixtures.serverInfo;
import static io.streamstore.jdbc.Fixtures.sub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.AlreadyExistsException;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Client;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.SequenceSet;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreInUseException;
import io.streamstore.spi.SubStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

/**
 * What the JDBC backend adds to the store contract, run on every database: batching with
 * read-your-writes, set-based limits, recovery from the channel rows, exact names, the schema, the
 * in-doubt retry, and the exclusive lock. Subclasses name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcStoreBehaviourTest {

  private static final AtomicInteger PREFIXES = new AtomicInteger();

  private TestDatabase db;
  private String prefix;
  private final List<Store> opened = new ArrayList<>();

  /** The database under test. */
  abstract TestDatabase createDatabase() throws Exception;

  private String unavailable; // why the database cannot be used; each test is then skipped with it

  @BeforeAll
  void startDatabase() throws Exception {
    try {
      db = createDatabase();
    } catch (TestAbortedException e) {
      unavailable = e.getMessage();
    }
  }

  @AfterAll
  void dropDatabase() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void freshTables() {
    if (unavailable != null) {
      Assumptions.abort(unavailable);
    }
    prefix = "t" + PREFIXES.incrementAndGet() + "_";
  }

  @AfterEach
  void closeStores() {
    for (Store s : opened) {
      s.close();
    }
    opened.clear();
  }

  private Store open(String options) {
    return openWithPrefix(prefix, options);
  }

  private Store openWithPrefix(String tablePrefix, String options) {
    String all = "tablePrefix=" + tablePrefix + (options.isEmpty() ? "" : "&" + options);
    Store s = Stores.open(db.storeUrl(all));
    opened.add(s);
    return s;
  }

  private Store open() {
    return open("");
  }

  private long rowsOf(String table, long channelId) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "SELECT COUNT(*) FROM " + prefix + table + " WHERE channel_id = ?")) {
      ps.setLong(1, channelId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static long idOf(Channel c) {
    return ((JdbcMsgStore) c.msgs()).channelId();
  }

  @Test
  void freshDatabaseRecoversNothingAndCreatesTheSchemaOnce() throws Exception {
    Store store = open();
    assertThat(store.type()).isEqualTo("JDBC");
    assertThat(store.recover()).isEmpty();
    store.close();
    Store again = open(); // CREATE ... IF NOT EXISTS on existing tables
    assertThat(again.recover()).isEmpty();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + prefix + "schema_version")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(Schema.VERSION);
      assertThat(rs.next()).as("one version row").isFalse();
    }
  }

  @Test
  void storedMessagesAreVisibleBeforeFlushAndWrittenOnlyOnFlush() throws Exception {
    Store store = open("batchSize=1000");
    Channel ch = store.createChannel("orders");
    MsgStore msgs = ch.msgs();
    for (long seq = 1; seq <= 10; seq++) {
      assertThat(msgs.store(msg("orders", seq))).isEqualTo(seq);
    }
    assertThat(msgs.lookup(5)).map(MsgProto::getSequence).contains(5L);
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(1, 10));
    assertThat(msgs.state().count()).isEqualTo(10);
    assertThat(rowsOf("messages", idOf(ch))).as("nothing written before flush").isZero();
    msgs.flush();
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(10);
    assertThat(msgs.lookup(5)).map(MsgProto::getSequence).contains(5L);
    assertThat(msgs.lookup(11)).isEmpty();
    assertThat(msgs.store(msg("orders", 3))).as("old sequence ignored").isEqualTo(3);
    assertThat(msgs.lastMsg()).map(MsgProto::getSequence).contains(10L);
  }

  @Test
  void aFullBatchIsWrittenWithoutFlushAndNoCachingWritesEveryCall() throws Exception {
    Store store = open("batchSize=4");
    Channel ch = store.createChannel("a");
    for (long seq = 1; seq <= 9; seq++) {
      ch.msgs().store(msg("a", seq));
    }
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(8);
    Store through = openWithPrefix(prefix + "nc_", "noCaching=true");
    Channel nc = through.createChannel("b");
    nc.msgs().store(msg("b", 1));
    long subId = nc.subs().createSub(sub("c1"));
    nc.subs().addSeqPending(subId, 1);
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT COUNT(*) FROM " + prefix + "nc_messages),"
            + " (SELECT COUNT(*) FROM " + prefix + "nc_pending)")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo(1);
      assertThat(rs.getLong(2)).isEqualTo(1);
    }
  }

  @Test
  void countAndByteLimitsDropTheOldestAcrossFlushedAndBufferedMessages() throws Exception {
    Store store = open("batchSize=7&maxMsgs=10");
    Channel ch = store.createChannel("limited");
    MsgStore msgs = ch.msgs();
    for (long seq = 1; seq <= 25; seq++) {
      msgs.store(msg("limited", seq));
    }
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(16, 25));
    assertThat(msgs.state().count()).isEqualTo(10);
    assertThat(msgs.lookup(15)).isEmpty();
    assertThat(msgs.firstMsg()).map(MsgProto::getSequence).contains(16L);
    msgs.flush();
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(10);
    long oneSize = msg("limited", 30).getSerializedSize();
    assertThat(msgs.state().bytes()).isEqualTo(10 * oneSize);
  }

  @Test
  void byteLimitKeepsAtLeastTheLastMessage() {
    Store store = open("maxBytes=10");
    MsgStore msgs = store.createChannel("big").msgs();
    msgs.store(msg("big", 1));
    msgs.store(msg("big", 2));
    assertThat(msgs.state().count()).isEqualTo(1);
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(2, 2));
  }

  @Test
  void sequenceForTimestampSearchesDatabaseAndBatch() {
    Store store = open("batchSize=5");
    MsgStore msgs = store.createChannel("ts").msgs();
    assertThat(msgs.sequenceForTimestamp(1)).isZero();
    for (long seq = 1; seq <= 8; seq++) {
      msgs.store(msg("ts", seq, seq * 100, "x"));
    }
    assertThat(msgs.sequenceForTimestamp(0)).isEqualTo(1);
    assertThat(msgs.sequenceForTimestamp(250)).isEqualTo(3); // flushed part
    assertThat(msgs.sequenceForTimestamp(700)).isEqualTo(7); // buffered part
    assertThat(msgs.sequenceForTimestamp(801)).isEqualTo(9);
    msgs.empty();
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(9, 8));
    assertThat(msgs.sequenceForTimestamp(0)).isEqualTo(9);
    assertThat(msgs.store(msg("ts", 9))).isEqualTo(9);
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(9, 9));
  }

  @Test
  void messagesOlderThanMaxAgeExpireInTheBackground() throws Exception {
    Store store = open("maxAge=1s");
    MsgStore msgs = store.createChannel("aging").msgs();
    long now = JdbcMsgStore.nowNanos();
    msgs.store(msg("aging", 1, now - 5_000_000_000L, "old"));
    msgs.store(msg("aging", 2, now + 60_000_000_000L, "future"));
    awaitCount(msgs, 1);
    assertThat(msgs.firstAndLastSequence()).isEqualTo(new SequenceRange(2, 2));
    assertThat(msgs.lookup(1)).isEmpty();
  }

  private static void awaitCount(MsgStore msgs, long expected) throws InterruptedException {
    for (int i = 0; i < 200 && msgs.state().count() != expected; i++) {
      Thread.sleep(50);
    }
    assertThat(msgs.state().count()).isEqualTo(expected);
  }

  @Test
  void everythingFlushedIsRecovered() {
    Store store = open("batchSize=3");
    store.init(serverInfo());
    store.addClient(client("me"));
    store.addClient(client("gone"));
    store.deleteClient("gone");
    Channel ch = store.createChannel("foo.bar");
    for (long seq = 5; seq <= 14; seq++) {
      ch.msgs().store(msg("foo.bar", seq));
    }
    SubStore subs = ch.subs();
    long s1 = subs.createSub(sub("me"));
    long s2 = subs.createSub(sub("me"));
    subs.updateSub(sub("me").toBuilder().setID(s1).setDurableName("dur").build());
    for (long seq = 5; seq <= 9; seq++) {
      subs.addSeqPending(s1, seq);
    }
    subs.ackSeqPending(s1, 6);
    subs.ackSeqPending(s1, 999);
    subs.deleteSub(s2);
    store.createChannel("deleted");
    store.deleteChannel("deleted");
    store.close();

    Store again = open("maxMsgs=8");
    RecoveredState state = again.recover().orElseThrow();
    assertThat(state.info()).isEqualTo(serverInfo());
    assertThat(state.clients()).extracting(Client::id).containsExactly("me");
    assertThat(state.channels()).containsOnlyKeys("foo.bar");
    RecoveredChannel rc = state.channels().get("foo.bar");
    MsgStore msgs = rc.channel().msgs();
    assertThat(msgs.firstAndLastSequence()).as("limit lowered on recovery")
        .isEqualTo(new SequenceRange(7, 14));
    assertThat(msgs.state().count()).isEqualTo(8);
    assertThat(msgs.lookup(14)).map(MsgProto::getSequence).contains(14L);
    assertThat(rc.subscriptions()).hasSize(1);
    RecoveredSubscription rs = rc.subscriptions().get(0);
    assertThat(rs.sub().getID()).isEqualTo(s1);
    assertThat(rs.sub().getDurableName()).isEqualTo("dur");
    assertThat(rs.sub().getLastSent()).isEqualTo(9);
    assertThat(rs.pending()).isEqualTo(SequenceSet.of(5, 7, 8, 9));
    long s3 = rc.channel().subs().createSub(sub("me"));
    assertThat(s3).as("sub ids never reused").isGreaterThan(s2);
    assertThatThrownBy(() -> rc.channel().subs().addSeqPending(s2, 1))
        .isInstanceOf(NotFoundException.class);
    assertThat(msgs.store(msg("foo.bar", 15))).isEqualTo(15);
    Channel created = again.createChannel("deleted");
    assertThat(created.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(0, 0));
  }

  @Test
  void allExpiredChannelRecoversWithFirstAboveLast() {
    Store store = open();
    store.init(serverInfo());
    MsgStore msgs = store.createChannel("c").msgs();
    msgs.store(msg("c", 1, 1, "ancient"));
    msgs.store(msg("c", 2, 2, "ancient"));
    store.close();
    Store again = open("maxAge=1h");
    MsgStore recovered = again.recover().orElseThrow().channels().get("c").channel().msgs();
    assertThat(recovered.firstAndLastSequence()).isEqualTo(new SequenceRange(3, 2));
    assertThat(recovered.state()).isEqualTo(new MsgStoreState(0, 0));
  }

  @Test
  void pendingAddedAndAckedBeforeFlushNeverReachesTheDatabase() throws Exception {
    Store store = open("batchSize=100");
    Channel ch = store.createChannel("p");
    SubStore subs = ch.subs();
    long id = subs.createSub(sub("x"));
    for (long seq = 1; seq <= 10; seq++) {
      subs.addSeqPending(id, seq);
    }
    for (long seq = 1; seq <= 10; seq += 2) {
      subs.ackSeqPending(id, seq);
    }
    subs.flush();
    assertThat(rowsOf("pending", idOf(ch))).isEqualTo(5);
    subs.ackSeqPending(id, 2);
    subs.addSeqPending(id, 2); // sent again after the ack: pending again
    subs.flush();
    assertThat(rowsOf("pending", idOf(ch))).isEqualTo(5);
  }

  @Test
  void manyAcksInOneFlushRemoveExactlyTheAckedRows() {
    Store store = open("batchSize=5000");
    store.init(serverInfo());
    SubStore subs = store.createChannel("acks").subs();
    long a = subs.createSub(sub("a"));
    long b = subs.createSub(sub("b"));
    for (long seq = 1; seq <= 600; seq++) {
      subs.addSeqPending(a, seq);
      subs.addSeqPending(b, seq);
    }
    subs.flush();
    long[] expectedA = java.util.stream.LongStream.rangeClosed(1, 600)
        .filter(seq -> seq % 7 == 0 || seq > 590).toArray();
    for (long seq = 1; seq <= 600; seq++) {
      if (seq % 7 != 0 && seq <= 590) {
        subs.ackSeqPending(a, seq); // 506 acks: several full chunks and a remainder
      }
    }
    subs.ackSeqPending(b, 300);
    subs.flush();
    store.close();
    RecoveredChannel rc = open().recover().orElseThrow().channels().get("acks");
    assertThat(rc.subscriptions().get(0).pending()).isEqualTo(SequenceSet.of(expectedA));
    assertThat(rc.subscriptions().get(1).pending().size()).isEqualTo(599);
    assertThat(rc.subscriptions().get(1).pending().contains(300)).isFalse();
  }

  @Test
  void hostileNamesRoundTripExactly() {
    Store store = open();
    store.init(serverInfo());
    String channel = "it's;%_.ünï.çødé.日本.--.drop";
    String[] clients = {"O'Brien\"; DROP TABLE " + prefix + "clients; --", "%_%", "abc", "ABC",
        "abc ", "ü", "u\u0308"};
    store.createChannel(channel).msgs().store(msg(channel, 1));
    for (String id : clients) {
      store.addClient(client(id));
    }
    assertThatThrownBy(() -> store.createChannel("a/b")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.createChannel("x y")).isInstanceOf(InvalidNameException.class);
    assertThatThrownBy(() -> store.addClient(client("bad\u0000id")))
        .isInstanceOf(InvalidNameException.class);
    store.close();
    RecoveredState state = open().recover().orElseThrow();
    assertThat(state.channels()).containsOnlyKeys(channel);
    assertThat(state.channels().get(channel).channel().msgs().lookup(1))
        .map(MsgProto::getSubject).contains(channel);
    assertThat(state.clients()).extracting(Client::id).containsExactlyInAnyOrder(clients);
  }

  @Test
  void creatingAChannelThatExistsOnlyInTheDatabaseIsRefused() {
    Store first = open();
    first.init(serverInfo());
    first.createChannel("dup");
    first.close();
    Store second = open();
    assertThatThrownBy(() -> second.createChannel("dup"))
        .isInstanceOf(AlreadyExistsException.class).hasMessageContaining("recover()");
  }

  @Test
  void retryAfterAnInDoubtCommitDoesNotDuplicate() throws Exception {
    Store store = open("batchSize=100");
    Channel ch = store.createChannel("doubt");
    MsgStore msgs = ch.msgs();
    for (long seq = 1; seq <= 6; seq++) {
      msgs.store(msg("doubt", seq, seq, "m" + seq));
    }
    // As if a commit of seq 1..3 went through but its acknowledgement was lost.
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
        + prefix + "messages (channel_id, seq, ts, msg_size, data) VALUES (?, ?, ?, ?, ?)")) {
      for (long seq = 1; seq <= 3; seq++) {
        byte[] data = msg("doubt", seq, seq, "m" + seq).toByteArray();
        ps.setLong(1, idOf(ch));
        ps.setLong(2, seq);
        ps.setLong(3, seq);
        ps.setInt(4, data.length);
        ps.setBytes(5, data);
        ps.executeUpdate();
      }
    }
    msgs.flush();
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(6);
    msgs.store(msg("doubt", 7, 7, "mine"));
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
        + prefix + "messages (channel_id, seq, ts, msg_size, data) VALUES (?, 7, 7, 1, ?)")) {
      ps.setLong(1, idOf(ch));
      ps.setBytes(2, new byte[] {1});
      ps.executeUpdate();
    }
    assertThatThrownBy(msgs::flush).isInstanceOf(CorruptedDataException.class)
        .hasMessageContaining("sequence 7");
    opened.remove(store);
    assertThatThrownBy(store::close).as("the conflicting batch cannot be written on close either")
        .isInstanceOf(CorruptedDataException.class);
  }

  @Test
  void theSchemaOptionKeepsTablesApartAndCreatesTheSchemaWhenMissing() throws Exception {
    String schema = "ss_s" + Long.toString(System.nanoTime(), 36);
    try {
      Store inSchema = open("schema=" + schema);
      inSchema.init(serverInfo());
      inSchema.createChannel("here").msgs().store(msg("here", 1));
      inSchema.close();
      assertThat(open().recover()).as("same prefix, default schema: nothing there").isEmpty();
      RecoveredState state = open("schema=" + schema).recover().orElseThrow();
      assertThat(state.channels()).containsOnlyKeys("here");
    } finally {
      closeStores();
      try (Connection c = db.connect(); Statement s = c.createStatement()) {
        s.execute(db.kind.startsWith("Maria") || db.kind.startsWith("MySQL")
            ? "DROP DATABASE IF EXISTS " + schema : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void retryAfterAnInDoubtCommitAlsoRemovesRowsThatLimitsDroppedMeanwhile() throws Exception {
    Store store = open("batchSize=100&maxMsgs=3");
    Channel ch = store.createChannel("doubt2");
    // As if an earlier flush of 1..6 committed although it reported a failure.
    try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO "
        + prefix + "messages (channel_id, seq, ts, msg_size, data) VALUES (?, ?, ?, ?, ?)")) {
      for (long seq = 1; seq <= 6; seq++) {
        byte[] data = msg("doubt2", seq, seq, "m" + seq).toByteArray();
        ps.setLong(1, idOf(ch));
        ps.setLong(2, seq);
        ps.setLong(3, seq);
        ps.setInt(4, data.length);
        ps.setBytes(5, data);
        ps.executeUpdate();
      }
    }
    for (long seq = 1; seq <= 6; seq++) {
      ch.msgs().store(msg("doubt2", seq, seq, "m" + seq)); // 1..3 leave the batch by the limit
    }
    ch.msgs().flush();
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(3);
    assertThat(ch.msgs().firstAndLastSequence()).isEqualTo(new SequenceRange(4, 6));
  }

  @Test
  void newerSchemaVersionIsRefused() throws Exception {
    open().close();
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO " + prefix + "schema_version (version, installed_at) VALUES ("
          + (Schema.VERSION + 1) + ", 0)");
    }
    assertThatThrownBy(this::open).isInstanceOf(CorruptedDataException.class)
        .hasMessageContaining("schema version " + (Schema.VERSION + 1));
  }

  @Test
  void exclusiveLockIsHeldByOneStoreAndReleasedOnClose() {
    Store a = open("lockLease=5s");
    Store b = open("lockLease=5s");
    assertThat(a.tryExclusiveLock()).isTrue();
    assertThat(a.tryExclusiveLock()).as("already held").isTrue();
    assertThat(b.tryExclusiveLock()).isFalse();
    a.close();
    assertThat(b.tryExclusiveLock()).isTrue();
  }

  @Test
  void aCrashedOwnersLockIsTakenOverAfterItsLease() throws Exception {
    JdbcStore a = (JdbcStore) open("lockLease=1500ms");
    Store b = open("lockLease=1500ms");
    assertThat(a.tryExclusiveLock()).isTrue();
    Thread.sleep(1800); // longer than the lease: only a's renewals (every 500 ms) keep it
    assertThat(b.tryExclusiveLock()).as("owner alive, lease renewed").isFalse();
    opened.remove(a);
    a.crashForTesting();
    boolean taken = false;
    for (int i = 0; i < 100 && !taken; i++) {
      taken = b.tryExclusiveLock();
      if (!taken) {
        Thread.sleep(100);
      }
    }
    assertThat(taken).as("lock taken over after the lease expired").isTrue();
  }

  @Test
  void aStoreWhoseLockWasTakenRefusesToWrite() throws Exception {
    Store a = open("lockLease=600ms");
    assertThat(a.tryExclusiveLock()).isTrue();
    MsgStore msgs = a.createChannel("owned").msgs();
    msgs.store(msg("owned", 1));
    msgs.flush();
    // As if the owner stalled past its lease and another instance took the lock meanwhile.
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE " + prefix + "store_lock SET owner_id = 'intruder',"
          + " expires_at = 9000000000000000");
    }
    boolean refused = false;
    for (int i = 0; i < 100 && !refused; i++) {
      msgs.store(msg("owned", i + 2));
      try {
        msgs.flush();
        Thread.sleep(50);
      } catch (StoreInUseException e) {
        refused = true;
      }
    }
    assertThat(refused).as("writes refused once the renewal found the lock taken").isTrue();
    assertThat(a.tryExclusiveLock()).isFalse();
    assertThatThrownBy(() -> a.createChannel("other")).isInstanceOf(StoreInUseException.class);
    opened.remove(a);
    assertThatThrownBy(a::close).isInstanceOf(StoreInUseException.class);
  }

  @Test
  void aHolderWhoseLockWasTakenCommitsNothingMore() throws Exception {
    Store a = open("lockLease=60s"); // renewed every 20 s: no renewal notices the takeover first
    assertThat(a.tryExclusiveLock()).isTrue();
    Channel ch = a.createChannel("fenced");
    ch.msgs().store(msg("fenced", 1));
    ch.msgs().flush();
    long subId = ch.subs().createSub(sub("x"));
    takeLockAs("intruder", 9_000_000_000_000_000L);
    ch.msgs().store(msg("fenced", 2));
    assertThatThrownBy(ch.msgs()::flush).as("the first flush after the takeover")
        .isInstanceOf(StoreInUseException.class);
    assertThat(rowsOf("messages", idOf(ch))).as("nothing committed after the takeover").isEqualTo(1);
    assertThatThrownBy(() -> ch.subs().createSub(sub("y"))).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> ch.subs().deleteSub(subId)).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> a.addClient(client("c"))).isInstanceOf(StoreInUseException.class);
    assertThat(rowsOf("subscriptions", idOf(ch))).isEqualTo(1);
    assertThat(a.tryExclusiveLock()).as("a lost lock is not taken back").isFalse();
    opened.remove(a);
    assertThatThrownBy(a::close).isInstanceOf(StoreInUseException.class);
  }

  @Test
  void aHolderWhoseLeaseRanOutIsRefusedEvenBeforeAnotherTakesIt() throws Exception {
    Store a = open("lockLease=60s");
    assertThat(a.tryExclusiveLock()).isTrue();
    Channel ch = a.createChannel("lapsed");
    ch.msgs().store(msg("lapsed", 1));
    ch.msgs().flush();
    String owner;
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT owner_id FROM " + prefix + "store_lock")) {
      rs.next();
      owner = rs.getString(1);
    }
    takeLockAs(owner, 0); // still ours, but expired: a standby may take it at any moment
    ch.msgs().store(msg("lapsed", 2));
    assertThatThrownBy(ch.msgs()::flush).isInstanceOf(StoreInUseException.class)
        .hasMessageContaining("ran out");
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(1);
    // a store that never took the lock must not slip in either: the holder may only be frozen and
    // would renew and write on when it resumes
    Store other = open();
    assertThatThrownBy(other::recover).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> other.createChannel("slipped")).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> other.addClient(client("slipped")))
        .isInstanceOf(StoreInUseException.class);
    takeLockAs(owner, 9_000_000_000_000_000L); // as the next renewal would
    ch.msgs().flush();
    assertThat(rowsOf("messages", idOf(ch))).as("written once the lease is live again").isEqualTo(2);
  }

  @Test
  void aStoreThatStartedBeforeAnotherTookTheLockWritesNothingAfterwards() throws Exception {
    Store a = open();
    a.init(serverInfo());
    Channel ch = a.createChannel("shared");
    ch.msgs().store(msg("shared", 1));
    ch.msgs().flush(); // nobody holds the lock: a store that never asked for it writes as before
    Store b = open("lockLease=60s");
    assertThat(b.tryExclusiveLock()).isTrue();

    ch.msgs().store(msg("shared", 2));
    assertThatThrownBy(ch.msgs()::flush).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> a.createChannel("other")).isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> a.addClient(client("c"))).isInstanceOf(StoreInUseException.class);
    assertThat(rowsOf("messages", idOf(ch))).isEqualTo(1);
    Store c = open();
    assertThatThrownBy(c::recover).as("a store without the lock recovers only after taking it")
        .isInstanceOf(StoreInUseException.class);
    assertThatThrownBy(() -> c.init(serverInfo())).isInstanceOf(StoreInUseException.class);

    Channel mine = b.recover().orElseThrow().channels().get("shared").channel();
    mine.msgs().store(msg("shared", 2));
    mine.msgs().flush();
    assertThat(rowsOf("messages", idOf(mine))).isEqualTo(2);
    opened.remove(a);
    assertThatThrownBy(a::close).as("a's buffered message is refused, not written")
        .isInstanceOf(StoreInUseException.class);
  }

  @Test
  void aHolderFrozenInsideATransactionIsAbortedByTheServerSoAStandbyCanTakeOver() throws Exception {
    JdbcStore a = (JdbcStore) open("lockLease=1s");
    Assumptions.assumeTrue(a.contextForTesting().db().dialect().sessionInitSql(
        java.time.Duration.ofSeconds(1)) != null, "this database has no idle-in-transaction timeout");
    assertThat(a.tryExclusiveLock()).isTrue();
    Channel ch = a.createChannel("frozen");
    a.stopRenewingForTesting(); // as if the process were frozen (SIGSTOP) from here on
    java.util.concurrent.CompletableFuture<Object> frozen =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> {
          try {
            // a flush that took the fence's row lock, then the process froze before COMMIT
            return a.contextForTesting().write("a frozen flush", c -> {
              try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + prefix
                  + "messages (channel_id, seq, ts, msg_size, data) VALUES (?, 1, 1, 1, ?)")) {
                ps.setLong(1, idOf(ch));
                ps.setBytes(2, new byte[] {1});
                ps.executeUpdate();
              }
              sleep(5_000); // five leases without a word to the server
              return "committed";
            });
          } catch (RuntimeException e) {
            return e;
          }
        });
    Store b = open("lockLease=1s");
    boolean taken = false;
    for (int i = 0; i < 200 && !taken; i++) {
      taken = b.tryExclusiveLock(); // waits behind the frozen transaction's row lock
      if (!taken) {
        sleep(100);
      }
    }
    assertThat(taken).as("the standby took the lock from the frozen holder").isTrue();
    assertThat(frozen.get()).as("the frozen holder's transaction was aborted, not committed")
        .isInstanceOf(RuntimeException.class);
    assertThat(rowsOf("messages", idOf(ch))).isZero();
    opened.remove(a);
    a.crashForTesting();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Sets the lock row as if {@code owner} held it until {@code expiresAt} (database clock, ms). */
  private void takeLockAs(String owner, long expiresAt) throws Exception {
    try (Connection c = db.connect();
        PreparedStatement ps = c.prepareStatement(
            "UPDATE " + prefix + "store_lock SET owner_id = ?, expires_at = ?")) {
      ps.setString(1, owner);
      ps.setLong(2, expiresAt);
      ps.executeUpdate();
    }
  }

  @Test
  void operationsOnUnknownSubscriptionsFail() {
    SubStore subs = open().createChannel("s").subs();
    assertThatThrownBy(() -> subs.addSeqPending(42, 1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> subs.ackSeqPending(42, 1)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> subs.deleteSub(42)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> subs.updateSub(sub("x").toBuilder().setID(42).build()))
        .isInstanceOf(NotFoundException.class);
  }
}
