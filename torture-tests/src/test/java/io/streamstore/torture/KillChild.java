package io.streamstore.torture;

import io.streamstore.Stores;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import java.io.PrintStream;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The writer the kill -9 test (T1) starts in a child JVM and kills at a random moment.
 *
 * <p>Protocol on stdout, one line each, printed only after the call that makes it durable returned:
 * {@code READY <nextSeq>} after recovery, {@code init} (when nothing was recovered) and the channel's
 * creation; {@code ACK <seq>} after {@code msgs.flush()};
 * {@code SUB <id>} after {@code createSub} + {@code subs.flush()}; {@code PEND <id> <seq>} (still
 * pending) or {@code PACK <id> <seq>} (added and acknowledged) after {@code addSeqPending}, maybe
 * {@code ackSeqPending}, and {@code subs.flush()}; {@code CADD <id>} after
 * {@code addClient}; {@code CDELING <id>} before and {@code CDEL <id>} after {@code deleteClient}.
 * It never stops by itself.
 *
 * <p>Arguments: {@code url channel payloadBytes subsAndClients(true|false) seed}.
 */
public final class KillChild {

  private KillChild() {}

  /** Runs the writer until killed. */
  public static void main(String[] args) {
    String url = args[0];
    String channelName = args[1];
    int payload = Integer.parseInt(args[2]);
    boolean extras = Boolean.parseBoolean(args[3]);
    SplittableRandom random = new SplittableRandom(Long.parseLong(args[4]));
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
    Store store = Stores.open(url);
    Optional<RecoveredState> state = store.recover();
    Channel channel;
    if (state.isEmpty()) {
      store.init(ServerInfo.newBuilder().setClusterID("torture").setNodeID("kill").build());
    }
    RecoveredChannel rc = state.map(s -> s.channels().get(channelName)).orElse(null);
    channel = rc != null ? rc.channel() : store.createChannel(channelName);
    long next = channel.msgs().lastSequence() + 1;
    long clientCounter = state.map(s -> (long) s.clients().size()).orElse(0L);
    out.println("READY " + next);
    out.flush();
    long subId = 0;
    String lastAdded = null;
    for (long seq = next; ; seq++) {
      channel.msgs().store(Payloads.msg(channelName, seq, payload));
      channel.msgs().flush();
      out.println("ACK " + seq);
      out.flush();
      if (!extras) {
        continue;
      }
      if (subId == 0 || random.nextInt(20) == 0) {
        subId = channel.subs().createSub(sub(seq));
        channel.subs().flush();
        out.println("SUB " + subId);
        out.flush();
      }
      channel.subs().addSeqPending(subId, seq);
      boolean acked = random.nextBoolean();
      if (acked) {
        channel.subs().ackSeqPending(subId, seq);
      }
      channel.subs().flush();
      out.println((acked ? "PACK " : "PEND ") + subId + " " + seq);
      out.flush();
      int r = random.nextInt(4);
      if (r == 0) {
        String id = "client-" + seq + "-" + (clientCounter++);
        store.addClient(ClientInfo.newBuilder().setID(id).setHbInbox("hb." + id).build());
        out.println("CADD " + id);
        out.flush();
        lastAdded = id;
      } else if (r == 1 && lastAdded != null) {
        out.println("CDELING " + lastAdded); // a delete in flight may land or not
        out.flush();
        store.deleteClient(lastAdded);
        out.println("CDEL " + lastAdded);
        out.flush();
        lastAdded = null;
      }
    }
  }

  private static SubState sub(long seq) {
    return SubState.newBuilder()
        .setClientID("kill-client")
        .setInbox("inbox." + seq)
        .setAckInbox("ack." + seq)
        .setMaxInFlight(1024)
        .setAckWaitInSecs(30)
        .setDurableName("dur" + seq)
        .setIsDurable(true)
        .build();
  }
}
