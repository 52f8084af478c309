package io.streamstore.torture;

import io.streamstore.Stores;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import java.util.Optional;

/**
 * Opens a store URL, recovers and reads every message, in a child JVM with a small heap (T4/T11: a
 * corrupt size field must not make recovery allocate what the heap cannot hold). Prints {@code OK
 * <messages>} or {@code REFUSED <exception class>: <message>}.
 */
public final class RecoverChild {

  private RecoverChild() {}

  /** Recovers {@code args[0]} and reads everything. */
  public static void main(String[] args) {
    try (Store store = Stores.open(args[0])) {
      Optional<RecoveredState> s = store.recover();
      long n = 0;
      if (s.isPresent()) {
        for (RecoveredChannel rc : s.get().channels().values()) {
          var m = rc.channel().msgs();
          for (long q = m.firstSequence(); q <= m.lastSequence() && q > 0; q++) {
            if (m.lookup(q).isPresent()) {
              n++;
            }
          }
        }
      }
      System.out.println("OK " + n);
    } catch (StoreException e) {
      System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    System.out.flush();
  }
}
