package io.streamstore.torture;

import io.streamstore.Stores;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The processes of the lock-fencing test (T12, {@link LockFencingTest}), one role each. Every line is
 * printed only after the call it reports returned, so an {@code ACK} is an acknowledged write.
 *
 * <ul>
 *   <li>{@code active url channel pauseMs}: takes the lock ({@code LOCK true|false}), recovers or
 *       initialises, creates a subscription and a client ({@code SUB id}, {@code CADD id}), then
 *       stores and flushes message after message ({@code ACK seq}; a refused flush prints {@code
 *       REFUSED seq <exception>} and is retried 50 ms later, and it exits after 20 refusals in a
 *       row) until {@code STOP} arrives on stdin (then it closes the store and prints {@code
 *       CLOSED}).
 *   <li>{@code intruder url channel count}: opens the store while another process holds the lock,
 *       prints {@code LOCK false|true}, then tries every kind of write without the lock: recover,
 *       init, createChannel, {@code count} messages with flush, a subscription, a client, deleting
 *       the active's client. Each success prints {@code ACK <kind> <detail>}, each refusal {@code
 *       REFUSED <kind> <exception>}; then {@code DONE}.
 *   <li>{@code standby url channel count waitMs}: polls {@code tryExclusiveLock()} every 20 ms for at
 *       most {@code waitMs}; prints {@code NOLOCK} and exits when it never got it, else {@code
 *       LOCKED}, recovers ({@code RECOVERED <last sequence of channel>}), writes {@code count}
 *       messages to its own channel {@code channel.standby} ({@code ACK seq}), prints {@code DONE}
 *       and holds the lock until {@code STOP} (then {@code CLOSED}).
 * </ul>
 *
 * <p>The active's messages are the oracle's ({@link Payloads#msg}) for its channel; the intruder's
 * carry the oracle bytes of another channel, so any of them found in the active's channel is
 * detected as damage.
 */
public final class FenceChild {

  /** Id of the client the active adds; the intruder tries to delete it. */
  static final String ACTIVE_CLIENT = "fence-active";

  private static final PrintStream OUT =
      new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);

  private FenceChild() {}

  /** Runs one role. */
  public static void main(String[] args) throws Exception {
    String role = args[0];
    String url = args[1];
    String channel = args[2];
    AtomicBoolean stop = watchStdin();
    switch (role) {
      case "active" -> active(url, channel, Integer.parseInt(args[3]), stop);
      case "intruder" -> intruder(url, channel, Integer.parseInt(args[3]));
      case "standby" -> standby(url, channel, Integer.parseInt(args[3]), Long.parseLong(args[4]), stop);
      default -> throw new IllegalArgumentException(role);
    }
    OUT.flush();
    System.exit(0);
  }

  private static void active(String url, String name, int pauseMs, AtomicBoolean stop)
      throws InterruptedException {
    Store store = Stores.open(url);
    boolean locked = store.tryExclusiveLock();
    say("LOCK " + locked);
    if (!locked) {
      return;
    }
    Optional<RecoveredState> state = store.recover();
    if (state.isEmpty()) {
      store.init(ServerInfo.newBuilder().setClusterID("torture").setNodeID("active").build());
    }
    RecoveredChannel rc = state.map(s -> s.channels().get(name)).orElse(null);
    Channel ch = rc != null ? rc.channel() : store.createChannel(name);
    long subId = ch.subs().createSub(sub("active"));
    ch.subs().flush();
    say("SUB " + subId);
    store.addClient(ClientInfo.newBuilder().setID(ACTIVE_CLIENT).setHbInbox("hb.active").build());
    say("CADD " + ACTIVE_CLIENT);
    int refusedInARow = 0;
    for (long seq = ch.msgs().lastSequence() + 1; !stop.get(); seq++) {
      try {
        ch.msgs().store(Payloads.msg(name, seq, 100));
        ch.msgs().flush();
        refusedInARow = 0;
      } catch (StoreException e) {
        say("REFUSED " + seq + " " + e.getClass().getSimpleName());
        if (++refusedInARow == 20) {
          return; // a refused store is not closed: closing would flush again
        }
        Thread.sleep(50);
        continue; // the message stays buffered; the next flush retries it
      }
      say("ACK " + seq);
      if (pauseMs > 0) {
        Thread.sleep(pauseMs);
      }
    }
    store.close();
    say("CLOSED");
  }

  private static void intruder(String url, String name, int count) {
    Store store;
    try {
      store = Stores.open(url);
    } catch (StoreException e) {
      say("OPENFAIL " + e.getClass().getSimpleName());
      say("DONE");
      return;
    }
    try {
      say("LOCK " + store.tryExclusiveLock());
    } catch (StoreException e) {
      say("LOCK refused:" + e.getClass().getSimpleName());
    }
    Optional<RecoveredState> state = Optional.empty();
    try {
      state = store.recover();
      say("ACK recover " + state.isPresent()); // not a write, but recovery rewrites files
    } catch (StoreException e) {
      say("REFUSED recover " + e.getClass().getSimpleName());
    }
    attempt("init", () -> store.init(
        ServerInfo.newBuilder().setClusterID("intruder").setNodeID("intruder").build()));
    Channel ch = state.map(s -> s.channels().get(name)).map(RecoveredChannel::channel).orElse(null);
    for (String n : new String[] {name, name + ".intruder"}) {
      if (ch == null) {
        try {
          ch = store.createChannel(n);
          say("ACK createChannel " + n);
        } catch (StoreException e) {
          say("REFUSED createChannel " + e.getClass().getSimpleName());
        }
      }
    }
    if (ch != null) {
      Channel c = ch;
      for (int i = 0; i < count; i++) {
        long seq = c.msgs().lastSequence() + 1;
        attempt("msg", () -> {
          c.msgs().store(Payloads.msg("intruder", seq, 100).toBuilder().setSubject(c.name()).build());
          c.msgs().flush();
        });
      }
      attempt("sub", () -> {
        c.subs().createSub(sub("intruder"));
        c.subs().flush();
      });
    }
    attempt("addClient", () -> store.addClient(
        ClientInfo.newBuilder().setID("fence-intruder").setHbInbox("hb.intruder").build()));
    attempt("deleteClient", () -> store.deleteClient(ACTIVE_CLIENT));
    say("DONE");
    OUT.flush();
    // not closed: closing flushes what was refused; the process simply ends
  }

  private static void standby(String url, String name, int count, long waitMs, AtomicBoolean stop)
      throws InterruptedException {
    Store store = Stores.open(url);
    long deadline = System.nanoTime() + waitMs * 1_000_000L;
    boolean locked = false;
    while (!locked && System.nanoTime() < deadline) {
      locked = store.tryExclusiveLock();
      if (!locked) {
        Thread.sleep(20);
      }
    }
    if (!locked) {
      say("NOLOCK");
      store.close();
      return;
    }
    say("LOCKED");
    Optional<RecoveredState> state = store.recover();
    RecoveredChannel active = state.map(s -> s.channels().get(name)).orElse(null);
    say("RECOVERED " + (active == null ? -1 : active.channel().msgs().lastSequence()));
    String own = name + ".standby";
    RecoveredChannel mine = state.map(s -> s.channels().get(own)).orElse(null);
    Channel ch = mine != null ? mine.channel() : store.createChannel(own);
    for (int i = 0; i < count; i++) {
      long seq = ch.msgs().lastSequence() + 1;
      ch.msgs().store(Payloads.msg(own, seq, 100));
      ch.msgs().flush();
      say("ACK " + seq);
    }
    store.addClient(ClientInfo.newBuilder().setID("fence-standby").setHbInbox("hb.standby").build());
    say("DONE");
    while (!stop.get()) {
      Thread.sleep(10);
    }
    store.close();
    say("CLOSED");
  }

  private interface Write {
    void run();
  }

  private static void attempt(String kind, Write w) {
    try {
      w.run();
      say("ACK " + kind);
    } catch (StoreException e) {
      say("REFUSED " + kind + " " + e.getClass().getSimpleName());
    }
  }

  private static void say(String line) {
    OUT.println(line);
    OUT.flush();
  }

  /** A flag set when {@code STOP} (or the end of stdin) arrives. */
  private static AtomicBoolean watchStdin() {
    AtomicBoolean stop = new AtomicBoolean();
    Thread t = new Thread(() -> {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null && !line.trim().equals("STOP")) {
          // wait
        }
      } catch (java.io.IOException e) {
        // treated as STOP
      }
      stop.set(true);
    }, "fence-stdin");
    t.setDaemon(true);
    t.start();
    return stop;
  }

  private static SubState sub(String who) {
    return SubState.newBuilder().setClientID("fence-" + who).setInbox("inbox." + who)
        .setAckInbox("ack." + who).setMaxInFlight(16).setAckWaitInSecs(30).build();
  }
}
