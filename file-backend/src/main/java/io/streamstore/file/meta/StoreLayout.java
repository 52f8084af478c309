package io.streamstore.file.meta;

import java.util.List;
import java.util.Locale;

/**
 * Names of the files in a store's root besides the channel directories, in one place for the store,
 * the verifier and the repair tool, and the rule that keeps channel directories apart from them.
 *
 * <p><b>The reserved-name rule.</b> Channel directories share the root with the store's own files,
 * so a name is never a channel when it
 *
 * <ul>
 *   <li>starts with {@code '.'}: hidden entries ({@link #LOCK_FILE}, {@link #TRUNCATE_WITNESS},
 *       the markers of interrupted channel deletions, and any hidden file a later version adds);
 *       {@code Names} refuses such channel names anyway; or
 *   <li>equals, ignoring case, the name of a visible root file ({@link #SERVER_FILE}, {@link
 *       #CLIENTS_FILE}), or starts with it followed by {@code '.'}: every name made from a root file
 *       by a suffix, such as the {@link #TEMP_SUFFIX} file of an atomic replacement, the {@link
 *       #BACKUP_SUFFIX} copies of the repair tool ({@code .bak.N} too) and a keep-aside copy of a
 *       cut tail ({@code .torn-...}). ({@code server.database} stays a valid channel.)
 * </ul>
 *
 * <p>Case is ignored because on a case-insensitive file system {@code SERVER.DAT.tmp} is the same
 * entry as {@code server.dat.tmp}. A new file in the root must follow the rule (be hidden, or start
 * with the name of a root file); {@code StoreLayoutTest} lists what a store really writes into its
 * root and fails on any entry the rule does not cover.
 */
public final class StoreLayout {

  /** The server information file. */
  public static final String SERVER_FILE = "server.dat";

  /** The clients file. */
  public static final String CLIENTS_FILE = "clients.dat";

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

  /** Suffix of the temp file an atomic replacement writes next to its target. */
  public static final String TEMP_SUFFIX = ".tmp";

  /** Suffix of the copies the repair tool makes before changing a file ({@code .bak}, {@code .bak.N}). */
  public static final String BACKUP_SUFFIX = ".bak";

  /** Every file the store keeps in its root (channel directories aside). */
  public static final List<String> ROOT_FILES =
      List.of(SERVER_FILE, CLIENTS_FILE, LOCK_FILE, TRUNCATE_WITNESS, CLIENTS_MANIFEST);

  private StoreLayout() {}

  /**
   * What reserves {@code name} in the root: {@code "."} for a hidden name, else the root file it
   * equals or extends by a {@code '.'} suffix (ignoring case); null when the name is free for a
   * channel directory.
   */
  public static String reservedBy(String name) {
    if (name.startsWith(".")) {
      return ".";
    }
    String folded = fold(name);
    for (String file : ROOT_FILES) {
      String f = fold(file);
      if (!file.startsWith(".") && (folded.equals(f) || folded.startsWith(f + "."))) {
        return file;
      }
    }
    return null;
  }

  /** Whether {@code name} belongs to the store's own files in the root (see the class comment). */
  public static boolean isReserved(String name) {
    return reservedBy(name) != null;
  }

  /**
   * Why a directory of the root named {@code name}, which {@link #isReserved} says is reserved,
   * cannot be opened as a channel, and what the operator does about it.
   */
  public static String reservedDirectoryProblem(String name) {
    String by = reservedBy(name);
    return "directory \"" + name + "\" in the store root has a name reserved for the store's own"
        + " files (" + (".".equals(by) ? "it is hidden" : "it is \"" + by + "\" or a name derived from it")
        + "): it is not opened as a channel, and the store could take it for one of its temporary or"
        + " backup files. Move it out of the store directory, then open the store again";
  }

  /** The name of the {@code n}-th backup of {@code fileName}: {@code .bak}, then {@code .bak.1}, ... */
  public static String backupName(String fileName, int n) {
    return fileName + BACKUP_SUFFIX + (n == 0 ? "" : "." + n);
  }

  /**
   * Case folding as a case-insensitive file system compares names (upper, then lower case, so that
   * for example the long s and the Kelvin sign meet their ASCII letters).
   */
  public static String fold(String name) {
    return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }
}
