package io.streamstore.torture;

import io.streamstore.Stores;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;

/**
 * T9's second process: opens the store URL given as argument and tries to take the exclusive lock.
 * Prints {@code LOCK <true|false>} or {@code REFUSED <exception class>: <message>} and exits.
 */
public final class LockProbeChild {

  private LockProbeChild() {}

  /** Probes the lock once. */
  public static void main(String[] args) {
    try (Store store = Stores.open(args[0])) {
      System.out.println("LOCK " + store.tryExclusiveLock());
    } catch (StoreException e) {
      System.out.println("REFUSED " + e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    System.out.flush();
  }
}
