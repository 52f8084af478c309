package io.streamstore.torture;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.io.FileIO;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.Channel;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import io.streamstore.spi.StoreException;
import io.streamstore.spi.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * T5 (store level): the decoders behind recovery, reached the way real damage reaches them. A small
 * valid file store is written once; each input replaces one of its files ({@code subs.dat}, {@code
 * clients.dat}, {@code server.dat}, {@code msgs.1.dat}, {@code msgs.1.idx}) with fuzzed bytes (after
 * a valid version header unless the input says otherwise); the store is opened, recovered and read
 * back. Only {@link StoreException}s may come out. A second target fuzzes the file backend's option
 * parsing ({@code FileStoreOptions.from}), which may only throw {@code InvalidOptionException}.
 */
class StoreFileFuzzTest {

  private static final String[] FILES = {
    "ch/subs.dat", "clients.dat", "server.dat", "ch/msgs.1.dat", "ch/msgs.1.idx"
  };
  private static Path base;

  private static synchronized Path base() throws IOException {
    if (base == null) {
      Path dir = Files.createTempDirectory("torture-fuzz-base");
      try (Store s = FileStores.open(dir, "", FileIO.real())) {
        s.recover();
        s.init(ServerInfo.newBuilder().setClusterID("fuzz").build());
        Channel c = s.createChannel("ch");
        for (long q = 1; q <= 3; q++) {
          c.msgs().store(Payloads.msg("ch", q, 30));
        }
        long id = c.subs().createSub(SubState.newBuilder().setClientID("x").setInbox("i").build());
        c.subs().addSeqPending(id, 1);
        c.subs().flush();
        s.addClient(ClientInfo.newBuilder().setID("cl").setHbInbox("hb").build());
      }
      base = dir;
    }
    return base;
  }

  @FuzzTest(maxDuration = "10m")
  void storeFiles(FuzzedDataProvider data) throws IOException {
    if (!FileStores.available()) {
      return;
    }
    String file = FILES[data.consumeInt(0, FILES.length - 1)];
    boolean versionHeader = data.consumeBoolean();
    byte[] bytes = data.consumeRemainingAsBytes();
    Path dir = Files.createTempDirectory("torture-fuzz");
    try {
      TempDirs.copy(base(), dir);
      byte[] content = bytes;
      if (versionHeader) {
        content = new byte[bytes.length + 4];
        content[0] = 1;
        System.arraycopy(bytes, 0, content, 4, bytes.length);
      }
      Files.write(dir.resolve(file), content);
      try (Store s = FileStores.open(dir, "", FileIO.real())) {
        Optional<RecoveredState> st = s.recover();
        if (st.isPresent()) {
          for (RecoveredChannel rc : st.get().channels().values()) {
            var m = rc.channel().msgs();
            for (long q = m.firstSequence(); q <= m.lastSequence() && q - m.firstSequence() < 10_000;
                q++) {
              m.lookup(q);
            }
          }
        }
      } catch (StoreException expected) {
        // refusing damaged files is the right answer
      }
    } finally {
      TempDirs.delete(dir);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void fileStoreOptions(FuzzedDataProvider data) {
    Map<String, String> m = new LinkedHashMap<>();
    int n = data.consumeInt(0, 4);
    String[] names = FileStoreOptions.NAMES.toArray(new String[0]);
    java.util.Arrays.sort(names);
    for (int i = 0; i < n; i++) {
      m.put(names[data.consumeInt(0, names.length - 1)], data.consumeString(24));
    }
    try {
      FileStoreOptions.from(StoreOptions.of(m));
    } catch (StoreException expected) {
      // InvalidOptionException (a StoreException) naming the option is the declared answer
    } catch (UncheckedIOException e) {
      throw e;
    }
  }
}
