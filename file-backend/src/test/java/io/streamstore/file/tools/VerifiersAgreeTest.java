package io.streamstore.file.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.fixtures.Fixtures;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.recovery.MsgLogVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store verifier and the message log's own verifier walk message files independently; on every
 * fixture they must flag the same data files at the same offsets, so the CLI's verify and the
 * recovery code cannot disagree about where damage is.
 */
class VerifiersAgreeTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"basic", "sliced", "torn-tail", "crc-bad", "no-index"})
  void bothVerifiersFlagTheSameDataFileOffsets(String fixture) throws IOException {
    Path root = Fixtures.original(fixture);
    FileStoreOptions options = FileStoreOptions.DEFAULTS;
    Set<String> ours = new TreeSet<>();
    for (Problem p : StoreVerifier.verify(root, options).problems()) {
      if (p.file().endsWith(".dat") && p.file().contains("/msgs.")) {
        ours.add(p.file() + "@" + p.offset());
      }
    }
    Set<String> theirs = new TreeSet<>();
    for (String ch : StoreVerifier.channels(FileIO.real(), root)) {
      for (MsgLogVerifier.Finding f : MsgLogVerifier.verify(FileIO.real(), root.resolve(ch), options).findings()) {
        String name = ch + "/" + f.file().getFileName();
        if (name.endsWith(".dat")) {
          theirs.add(name + "@" + f.offset());
        }
      }
    }
    assertThat(ours).isEqualTo(theirs);
  }
}
