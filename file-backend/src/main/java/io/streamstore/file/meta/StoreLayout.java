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

  /** The manifest of {@code subs.dat} inside a channel directory. */
  public static final String SUBS_MANIFEST = "subs.manifest";

  /**
   * The manifest of {@code clients.dat} in the root: a dot-file, which no channel name can be (a
   * name never starts with '.'), and a plain file, which NATS Streaming skips in the root.
   */
  public static final String CLIENTS_MANIFEST = ".clients.manifest";

  private StoreLayout() {}
}
