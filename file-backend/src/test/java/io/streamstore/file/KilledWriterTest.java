package io.streamstore.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.StoreLimits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability test T1 for the store's own records: a child JVM creates subscriptions and clients and
 * prints each one only after the call returned; the parent kills it with SIGKILL at some point and
 * reopens the directory. Every acknowledged subscription and client must be recovered, and reopening
 * must always succeed. (A kill keeps the page cache, so this checks write-before-acknowledge and
 * recovery of whatever tail the kill left, not fsync placement: that is the seam tests' job.)
 */
class KilledWriterTest {

  @TempDir Path tmp;

  @Test
  void everyAcknowledgedSubscriptionAndClientSurvivesAKill() throws Exception {
    Path root = tmp.resolve("s");
    Set<Long> ackedSubs = new HashSet<>();
    Set<String> ackedClients = new HashSet<>();
    int rounds = 3;
    for (int round = 0; round < rounds; round++) {
      String java = ProcessHandle.current().info().command().orElse("java");
      Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), Writer.class.getName(), root.toString(), "r" + round)
          .redirectErrorStream(false).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      int acks = 0;
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("SUB ")) {
          ackedSubs.add(Long.parseLong(line.substring(4)));
          acks++;
        } else if (line.startsWith("CLIENT ")) {
          ackedClients.add(line.substring(7));
          acks++;
        }
        if (acks == 200 + round * 37) {
          p.toHandle().destroyForcibly(); // SIGKILL; keep reading what was already printed
        }
      }
      assertThat(p.waitFor()).isNotZero();
      try (FileStore s = FileStore.open(root, FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
        RecoveredState st = s.recover().orElseThrow();
        RecoveredChannel foo = st.channels().get("foo");
        Set<Long> recovered = new HashSet<>();
        for (RecoveredSubscription r : foo.subscriptions()) {
          recovered.add(r.sub().getID());
        }
        Set<String> clients = new HashSet<>();
        st.clients().forEach(c -> clients.add(c.id()));
        assertThat(recovered).as("round %d: acknowledged subscriptions", round).containsAll(ackedSubs);
        assertThat(clients).as("round %d: acknowledged clients", round).containsAll(ackedClients);
        System.out.printf("KILL round=%d ackedSubs=%d recoveredSubs=%d ackedClients=%d recoveredClients=%d lost=0%n",
            round, ackedSubs.size(), recovered.size(), ackedClients.size(), clients.size());
      }
    }
  }

  /** The child: creates subscriptions and clients forever, acknowledging each on stdout. */
  public static final class Writer {
    public static void main(String[] args) {
      try (FileStore s = FileStore.open(Path.of(args[0]), FileStoreOptions.DEFAULTS, StoreLimits.UNLIMITED)) {
        Optional<RecoveredState> st = s.recover();
        Channel foo;
        if (st.isEmpty()) {
          s.init(ServerInfo.newBuilder().setClusterID("kill").build());
          foo = s.createChannel("foo");
        } else {
          foo = st.get().channels().get("foo").channel();
        }
        SubState sub = SubState.newBuilder().setClientID("c").setInbox("in").setAckInbox("ack").build();
        for (long i = 0; ; i++) {
          long id = foo.subs().createSub(sub);
          System.out.println("SUB " + id);
          foo.subs().addSeqPending(id, i + 1);
          String cid = args[1] + "-" + i;
          s.addClient(ClientInfo.newBuilder().setID(cid).setHbInbox("hb").build());
          System.out.println("CLIENT " + cid);
          System.out.flush();
        }
      }
    }
  }
}
