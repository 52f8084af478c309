package io.streamstore.file.tools;

import com.google.protobuf.InvalidProtocolBufferException;
import io.streamstore.file.FileStoreOptions;
import io.streamstore.file.format.Crc32;
import io.streamstore.file.format.FileVersion;
import io.streamstore.file.format.MsgFiles;
import io.streamstore.file.format.RecordCodec;
import io.streamstore.file.format.RecordTypes;
import io.streamstore.file.io.FileHandle;
import io.streamstore.file.io.FileIO;
import io.streamstore.file.meta.Manifest;
import io.streamstore.file.meta.ClientsFile;
import io.streamstore.file.meta.RecordFileReader;
import io.streamstore.file.meta.ServerInfoFile;
import io.streamstore.file.meta.StoreLayout;
import io.streamstore.proto.ClientDelete;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.SubState;
import io.streamstore.proto.SubStateDelete;
import io.streamstore.proto.SubStateUpdate;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.Names;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a file store directory without changing anything: {@code server.dat}, {@code clients.dat},
 * and per channel {@code subs.dat} and every {@code msgs.N.dat}/{@code msgs.N.idx}; a directory whose
 * name is reserved for the store's own files ({@link StoreLayout#isReserved}) is a problem, as the
 * store refuses to open with one. Every record's
 * framing and CRC-32 (whatever {@code doCRC} says), every record's type and protobuf, message sequence
 * order, and every index entry against its data record. A damaged record does not stop the walk when
 * the framing allows reading on (a CRC mismatch); a broken frame ends that file.
 *
 * <p>Safe to run on a live store (it only reads), though a store being written may show a torn tail
 * that is merely in flight. Stateless and thread-safe.
 *
 * <pre>{@code
 * VerifyReport r = StoreVerifier.verify(Path.of("/var/lib/stan"), FileStoreOptions.DEFAULTS);
 * r.problems().forEach(System.out::println);   // file @offset KIND: message
 * }</pre>
 */
public final class StoreVerifier {

  private StoreVerifier() {}

  /** Verifies the store in {@code root} on the real file system. */
  public static VerifyReport verify(Path root, FileStoreOptions options) {
    return verify(root, options, FileIO.real());
  }

  /**
   * Verifies the store in {@code root} through {@code io}. Only the CRC polynomial and record size
   * limit of {@code options} matter.
   */
  public static VerifyReport verify(Path root, FileStoreOptions options, FileIO io) {
    return new Walk(root.toAbsolutePath().normalize(), options, io).run();
  }

  /** The message slices of a channel directory by slice number. */
  static Map<Long, Path> slices(FileIO io, Path channelDir) throws IOException {
    Map<Long, Path> slices = new TreeMap<>();
    for (Path p : io.list(channelDir)) {
      String n = p.getFileName().toString();
      if (n.startsWith("msgs.") && n.endsWith(".dat")) {
        try {
          slices.put(Long.parseLong(n.substring(5, n.length() - 4)), p);
        } catch (NumberFormatException e) {
          // not a slice (NATS reports such names at recovery); the verifier reports it below
          slices.put(-1L - slices.size(), p);
        }
      }
    }
    return slices;
  }

  /** Channel directories (valid channel names, not reserved) of a store root, sorted. */
  static List<String> channels(FileIO io, Path root) throws IOException {
    return directories(io, root, false);
  }

  /**
   * Directories of a store root with valid channel names that are reserved for the store's own files
   * ({@link StoreLayout#isReserved}); the store refuses to open while one is there.
   */
  static List<String> reservedDirectories(FileIO io, Path root) throws IOException {
    return directories(io, root, true);
  }

  private static List<String> directories(FileIO io, Path root, boolean reserved) throws IOException {
    List<String> names = new ArrayList<>();
    for (Path p : io.list(root)) {
      String n = p.getFileName().toString();
      if (io.isDirectory(p) && Names.isValidChannel(n) && StoreLayout.isReserved(n) == reserved) {
        names.add(n);
      }
    }
    names.sort(null);
    return names;
  }

  static RecordCodec codec(FileStoreOptions options) {
    return new RecordCodec(Crc32.of(options.crcPolynomial()), options.recordSizeLimit(), false);
  }

  /** Checks one payload of a typed file; returns null when fine, else what is wrong. */
  interface TypedCheck {
    String check(int type, ByteBuffer payload) throws InvalidProtocolBufferException;
  }

  static String clientRecord(int type, ByteBuffer payload) throws InvalidProtocolBufferException {
    return Walk.clientRecordStatic(type, payload);
  }

  static String subRecord(int type, ByteBuffer payload) throws InvalidProtocolBufferException {
    return Walk.subRecordStatic(type, payload);
  }

  private static final class Walk {
    private final Path root;
    private final FileStoreOptions options;
    private final FileIO io;
    private final RecordCodec codec;
    private final List<Problem> problems = new ArrayList<>();
    private long files;
    private long records;

    Walk(Path root, FileStoreOptions options, FileIO io) {
      this.root = root;
      this.options = options;
      this.io = io;
      this.codec = codec(options);
    }

    VerifyReport run() {
      List<String> channels;
      try {
        channels = channels(io, root);
        for (String r : reservedDirectories(io, root)) {
          problems.add(new Problem(r, 0, Problem.Kind.BAD_FILE, StoreLayout.reservedDirectoryProblem(r)));
        }
      } catch (IOException e) {
        problems.add(new Problem(".", 0, Problem.Kind.BAD_FILE, "cannot list the store directory: " + e));
        return report();
      }
      checkServerInfo(!channels.isEmpty());
      Path clients = root.resolve(ClientsFile.NAME);
      if (io.exists(clients)) {
        checkTyped(clients, ClientsFile.NAME, StoreVerifier::clientRecord);
      }
      checkManifest(root, "", StoreLayout.CLIENTS_MANIFEST);
      for (String ch : channels) {
        checkChannel(ch);
      }
      return report();
    }

    private VerifyReport report() {
      return new VerifyReport(root, problems, files, records);
    }

    private void checkServerInfo(boolean haveChannels) {
      if (!io.exists(root.resolve(ServerInfoFile.NAME))) {
        if (haveChannels) {
          problems.add(new Problem(ServerInfoFile.NAME, 0, Problem.Kind.BAD_FILE,
              "missing, but channel directories exist: the store cannot be recovered without it"));
        }
        return;
      }
      files++;
      try {
        if (new ServerInfoFile(io, root, codec, true).read().isEmpty()) {
          if (haveChannels) {
            problems.add(new Problem(ServerInfoFile.NAME, FileVersion.SIZE, Problem.Kind.BAD_FILE,
                "holds no server information, but channel directories exist: the store cannot be"
                    + " recovered without it"));
          }
          return;
        }
        records++;
      } catch (CorruptedDataException e) {
        Problem.Kind kind = e.getMessage().contains("CRC") ? Problem.Kind.BAD_CRC : Problem.Kind.BAD_FILE;
        problems.add(new Problem(ServerInfoFile.NAME, e.offset().orElse(0), kind, e.getMessage()));
      } catch (RuntimeException e) {
        problems.add(new Problem(ServerInfoFile.NAME, 0, Problem.Kind.BAD_FILE, e.toString()));
      }
    }

    private void checkChannel(String channel) {
      Path dir = root.resolve(channel);
      if (Files.isSymbolicLink(dir)) {
        problems.add(new Problem(channel, 0, Problem.Kind.BAD_FILE,
            "channel directory is a symbolic link; the store refuses to follow it"));
        return;
      }
      Path subs = dir.resolve("subs.dat");
      if (io.exists(subs)) {
        checkTyped(subs, channel + "/subs.dat", StoreVerifier::subRecord);
      }
      checkManifest(dir, channel, StoreLayout.SUBS_MANIFEST);
      try {
        long last = 0;
        Map<Long, Path> all = slices(io, dir);
        long lastNumber = all.isEmpty() ? 0 : ((TreeMap<Long, Path>) all).lastKey();
        Optional<Manifest> manifest = checkManifest(dir, channel, MsgFiles.MANIFEST);
        for (Map.Entry<Long, Path> e : all.entrySet()) {
          String name = channel + "/" + e.getValue().getFileName();
          if (e.getKey() < 0) {
            problems.add(new Problem(name, 0, Problem.Kind.BAD_FILE, "message file name has no slice number"));
            continue;
          }
          SliceScan s = SliceScan.scan(io, e.getValue(), name, codec, last, e.getKey() == lastNumber);
          files += s.indexMissing ? 1 : 2;
          records += s.records.size() + s.entriesChecked;
          problems.addAll(s.problems);
          last = s.lastSeq(last);
        }
        if (manifest.isPresent() && last < manifest.get().last()
            && (last > 0 || !manifest.get().files().isEmpty())) {
          problems.add(new Problem(channel + "/" + MsgFiles.MANIFEST, 0, Problem.Kind.LOST_DATA,
              "the message log ends at sequence " + last + " but sequence " + manifest.get().last()
                  + " was committed: flushed messages were lost"));
        }
      } catch (IOException e) {
        problems.add(new Problem(channel, 0, Problem.Kind.BAD_FILE, "cannot list: " + e));
      }
    }

    /**
     * Checks the files a manifest lists (the same check recovery runs first, {@link
     * Manifest#check}); a damaged manifest is reported.
     *
     * @param relDir the directory relative to the root ("" for the root itself)
     */
    private Optional<Manifest> checkManifest(Path dir, String relDir, String manifestName) {
      String prefix = relDir.isEmpty() ? "" : relDir + "/";
      try {
        Optional<Manifest> m = Manifest.read(io, dir.resolve(manifestName));
        if (m.isPresent()) {
          files++;
          for (Manifest.Entry e : m.get().files()) {
            Manifest.check(io, dir.resolve(e.name()), e).ifPresent(d -> problems.add(new Problem(
                prefix + e.name(), d.offset(), Problem.Kind.LOST_DATA,
                d.message() + " (committed state in " + manifestName + ")")));
          }
        }
        return m;
      } catch (CorruptedDataException e) {
        problems.add(new Problem(prefix + manifestName, e.offset().orElse(0), Problem.Kind.BAD_FILE,
            e.getMessage()));
      } catch (IOException e) {
        problems.add(new Problem(prefix + manifestName, 0, Problem.Kind.BAD_FILE, "cannot read: " + e));
      }
      return Optional.empty();
    }

    private void checkTyped(Path file, String name, TypedCheck check) {
      files++;
      try (FileHandle h = io.open(file, FileIO.OpenMode.READ)) {
        String bad = RecordFileReader.versionProblem(h);
        if (bad != null) {
          problems.add(new Problem(name, 0, Problem.Kind.BAD_FILE, bad));
          return;
        }
        RecordFileReader.Outcome out =
            RecordFileReader.scan(h, codec, true, (offset, type, payload, crcOk) -> {
              records++;
              if (!crcOk) {
                problems.add(new Problem(name, offset, Problem.Kind.BAD_CRC,
                    "record of type " + type + " does not match its CRC-32"));
                return;
              }
              try {
                String wrong = check.check(type, payload);
                if (wrong != null) {
                  problems.add(new Problem(name, offset, Problem.Kind.BAD_RECORD, wrong));
                }
              } catch (InvalidProtocolBufferException e) {
                problems.add(new Problem(name, offset, Problem.Kind.BAD_RECORD,
                    "record of type " + type + " does not decode: " + e.getMessage()));
              }
            });
        switch (out.end()) {
          case CLEAN, ZERO_TAIL -> { }
          case TORN_TAIL -> problems.add(new Problem(name, out.validEnd(), Problem.Kind.TORN_TAIL,
              out.describe() + "; " + (out.fileSize() - out.validEnd()) + " bytes after the last complete record"));
          default -> problems.add(new Problem(name, out.validEnd(), Problem.Kind.BAD_FRAMING, out.describe()));
        }
      } catch (IOException e) {
        problems.add(new Problem(name, 0, Problem.Kind.BAD_FILE, "cannot read: " + e));
      }
    }

    static String clientRecordStatic(int type, ByteBuffer payload) throws InvalidProtocolBufferException {
      switch (type) {
        case RecordTypes.CLIENT_ADD -> ClientInfo.parseFrom(payload);
        case RecordTypes.CLIENT_DELETE -> ClientDelete.parseFrom(payload);
        default -> {
          return "unknown client record type " + type;
        }
      }
      return null;
    }

    static String subRecordStatic(int type, ByteBuffer payload) throws InvalidProtocolBufferException {
      switch (type) {
        case RecordTypes.SUB_NEW, RecordTypes.SUB_UPDATE -> SubState.parseFrom(payload);
        case RecordTypes.SUB_DELETE -> SubStateDelete.parseFrom(payload);
        case RecordTypes.SUB_ACK, RecordTypes.SUB_PENDING -> SubStateUpdate.parseFrom(payload);
        default -> {
          return "unknown subscription record type " + type;
        }
      }
      return null;
    }
  }
}
