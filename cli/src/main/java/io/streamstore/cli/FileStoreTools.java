package io.streamstore.cli;

import io.streamstore.StoreUrl;
import java.util.List;
import java.util.Optional;

/**
 * The bridge to the file backend's own tools (its verifier and repairer), which read the record
 * files directly and so can point at the exact byte that is wrong.
 */
final class FileStoreTools {

  private FileStoreTools() {}

  /**
   * Runs the file backend's verifier over the directory of a {@code streamstore:file:} URL.
   *
   * @return the problems it found, or empty when the URL is not a file store URL or no verifier is
   *     installed (then only the backend-neutral check runs)
   */
  static Optional<List<Problem>> verify(StoreUrl url, Output out) {
    if (!url.isBackend("file")) {
      return Optional.empty();
    }
    out.detail("the file backend's verifier is not installed; checking through the store API only");
    return Optional.empty();
  }

  /**
   * Runs the file backend's repair; with {@code apply == false} only reports what it would do.
   *
   * @return an exit code from {@link ExitCodes}
   */
  static int repair(StoreUrl url, boolean apply, Output out) {
    throw new UserException("this build of streamstore has no file store repair tool; "
        + "nothing was changed in " + url.location());
  }
}
