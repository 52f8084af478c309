package io.streamstore.file.meta;

/**
 * Names of the files in a store's root besides the channel directories, in one place for the store,
 * the verifier and the repair tool.
 */
public final class StoreLayout {

  /** The exclusive-lock file ({@code FileChannel.tryLock}). */
  public static final String LOCK_FILE = ".rootdir.lck";

  /** The witness that the store was last opened with {@code truncateUnexpectedEOF}. */
  public static final String TRUNCATE_WITNESS = ".truncate.lck";

  /** The subscriptions file inside a channel directory. */
  public static final String SUBS_FILE = "subs.dat";

  private StoreLayout() {}
}
