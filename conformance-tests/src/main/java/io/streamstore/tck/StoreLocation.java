package io.streamstore.tck;

import io.streamstore.spi.Store;

/**
 * One place where a store lives (a directory, a database schema, a named memory store), created
 * empty by {@link StoreFactory#newLocation()}. The suite opens it, closes the store, and opens it
 * again to check recovery; it never has two stores of one location open except in the exclusive-lock
 * tests.
 */
@SuppressWarnings("try") // close() may throw any Exception: cleaning up a database can fail many ways
public interface StoreLocation extends AutoCloseable {

  /**
   * Opens the store at this location, as {@code Stores.open(url)} would. The suite then calls {@code
   * setLimits} (when a test needs particular limits) before {@code recover()}: the limits in effect
   * at {@code recover()} are the ones recovered channels get.
   */
  Store open();

  /** Removes the location and everything in it; every store opened on it is closed by then. */
  @Override
  default void close() throws Exception {}
}
