package io.streamstore.file;

import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.spi.InvalidNameException;
import io.streamstore.spi.Names;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps channel names to directories under the store root, which NATS Streaming names exactly as the
 * channel (rule R10b), and keeps that mapping safe: the resolved path must stay directly under the
 * root (lexically and after resolving links), a symbolic link planted in the root is never followed,
 * and a name that equals an existing channel directory after case folding is refused, because on a
 * case-insensitive file system both would share one directory. Names reserved for the store's own
 * files ({@link StoreLayout#reservedBy}: {@code server.dat}, {@code clients.dat}, either with a
 * {@code .suffix}, hidden names) are never channel directories.
 *
 * <p>Deleting a channel renames its directory to a hidden marker name first (a name no channel can
 * have, so a crash halfway never brings the channel back), forces the root, then removes the marker;
 * start-up removes markers left by a crash.
 *
 * <p>Stateless apart from its configuration; callers serialize changes (the store lock). The link and
 * real-path checks use {@link Files} directly: they only read metadata and work on any file system
 * provider.
 */
final class ChannelDirectories {

  /** Prefix of a directory being deleted; starts with '.', which no channel name can. */
  static final String DELETE_MARKER_PREFIX = ".deleted-";

  private static final Logger LOG = LoggerFactory.getLogger(ChannelDirectories.class);

  private final FileIO io;
  private final Path root; // absolute and normalized

  ChannelDirectories(FileIO io, Path root) {
    this.io = io;
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  /**
   * The directory of {@code channel}, checked to be a direct child of the root.
   *
   * @throws InvalidNameException if the name would leave the root
   */
  Path resolve(String channel) {
    Path dir = root.resolve(channel).normalize();
    if (!root.equals(dir.getParent()) || !dir.getFileName().toString().equals(channel)) {
      throw new InvalidNameException(
          "channel name \"" + channel + "\" does not map to a directory directly under " + root);
    }
    return dir;
  }

  /**
   * Checks that a new channel's directory can be created: the name is not reserved for the store's
   * own files ({@link StoreLayout#reservedBy}), no entry of that name exists (a planted link or file
   * is refused, not followed or reused) and no channel directory collides after case folding.
   *
   * @throws InvalidNameException when the name is unsafe here
   */
  Path checkNew(String channel) {
    Path dir = resolve(channel);
    String reserved = StoreLayout.reservedBy(channel);
    if (reserved != null) {
      throw new InvalidNameException(
          "channel name \"" + channel + "\" is reserved by the file backend: \"" + reserved
              + "\" and the names made from it by a '.' suffix (ignoring case) belong to the store's"
              + " own files in its directory (the file, its temporary, backup and keep-aside copies)");
    }
    if (Files.isSymbolicLink(dir)) {
      throw new InvalidNameException(
          "cannot create channel \"" + channel + "\": " + dir
              + " is a symbolic link; refusing to follow links out of the store directory");
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) || io.exists(dir)) {
      throw new InvalidNameException(
          "cannot create channel \"" + channel + "\": " + dir
              + " already exists on disk but is not a recovered channel (call recover() first,"
              + " or remove it)");
    }
    String folded = fold(channel);
    for (String existing : listChannelNames()) {
      if (!existing.equals(channel) && fold(existing).equals(folded)) {
        throw new InvalidNameException(
            "channel name \"" + channel + "\" differs only in case from existing channel \""
                + existing + "\"; both would share one directory on a case-insensitive file system");
      }
    }
    return dir;
  }

  /**
   * Checks an existing channel directory before it is used: not a link, and really under the root.
   *
   * @throws InvalidNameException when it is a link or resolves outside the root
   */
  void checkExisting(String channel, Path dir) {
    if (Files.isSymbolicLink(dir)) {
      throw new InvalidNameException(
          "channel directory " + dir + " is a symbolic link; refusing to follow links out of the"
              + " store directory");
    }
    checkRealPath(channel, dir);
  }

  /**
   * Checks that {@code dir} resolves (links and all) directly under the real root. Skipped when the
   * directory is not on the path's own file system (a simulated {@link FileIO} in tests).
   */
  void checkRealPath(String channel, Path dir) {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Path realRoot = root.toRealPath();
      Path real = dir.toRealPath();
      if (!realRoot.equals(real.getParent())) {
        throw new InvalidNameException(
            "channel \"" + channel + "\" resolves to " + real + ", outside the store directory "
                + realRoot);
      }
    } catch (IOException e) {
      throw new StoreIOException("resolving the directory of channel \"" + channel + "\"", e);
    }
  }

  /** Creates the directory of a new channel and makes its entry durable (forces the root). */
  void create(String channel, Path dir) throws IOException {
    io.createDirectories(dir);
    io.forceDirectory(root);
    checkExisting(channel, dir);
  }

  /**
   * Removes a channel's directory so that it can never be recovered, even if the process dies
   * halfway: rename to a marker (forced), then delete the marker's content.
   */
  void delete(Path dir) throws IOException {
    Path marker = root.resolve(DELETE_MARKER_PREFIX + UUID.randomUUID());
    io.move(dir, marker);
    io.forceDirectory(root);
    try {
      deleteTree(marker);
    } catch (IOException e) {
      LOG.warn("channel directory {} was renamed to {} but could not be removed ({}); it will be"
          + " removed at the next start", dir, marker, e.toString());
    }
  }

  /** Directory names under the root that are valid channel names and not reserved, sorted. */
  List<String> listChannelNames() {
    return listDirectories(false);
  }

  /**
   * Directories under the root whose names are valid channel names but reserved for the store's own
   * files ({@link StoreLayout#isReserved}): written by an older version, they are refused at
   * recovery rather than opened or ignored.
   */
  List<String> listReservedDirectories() {
    return listDirectories(true);
  }

  private List<String> listDirectories(boolean reserved) {
    List<String> names = new ArrayList<>();
    if (!io.isDirectory(root)) {
      return names; // a read-only store on a directory that does not exist (yet)
    }
    try {
      for (Path p : io.list(root)) {
        String name = p.getFileName().toString();
        if (io.isDirectory(p) && Names.isValidChannel(name)
            && StoreLayout.isReserved(name) == reserved) {
          names.add(name);
        }
      }
    } catch (IOException e) {
      throw new StoreIOException("listing " + root, e);
    }
    names.sort(null);
    return names;
  }

  /** Removes directories left by a channel deletion that a crash interrupted. */
  void removeDeleteMarkers() throws IOException {
    for (Path p : io.list(root)) {
      if (p.getFileName().toString().startsWith(DELETE_MARKER_PREFIX) && !Files.isSymbolicLink(p)) {
        LOG.info("removing {}, left by an interrupted channel deletion", p);
        deleteTree(p);
      }
    }
  }

  private void deleteTree(Path dir) throws IOException {
    if (io.isDirectory(dir) && !Files.isSymbolicLink(dir)) {
      for (Path child : io.list(dir)) {
        deleteTree(child);
      }
    }
    io.deleteIfExists(dir);
  }

  private static String fold(String name) {
    return StoreLayout.fold(name);
  }
}
