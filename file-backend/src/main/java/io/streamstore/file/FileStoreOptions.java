package io.streamstore.file;

import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The options of a file store, with the NATS Streaming file store's names, defaults and validation.
 * Immutable; every instance is valid (the constructor rejects bad values with an {@link
 * InvalidOptionException} naming the option).
 *
 * @param bufferSize size of the write buffer of a message log, in bytes (0: write through)
 * @param compactEnabled whether subs.dat and clients.dat are compacted
 * @param compactInterval minimum time between two compactions of one file (at least 1 s)
 * @param compactFragmentation percentage of dead records needed to compact (at least 1)
 * @param compactMinFileSize smallest file compacted, in bytes
 * @param doCRC whether checksums are verified when records are read
 * @param crcPolynomial the reversed CRC-32 polynomial (as Go's {@code crc32.MakeTable}); IEEE is
 *     {@code 0xedb88320}
 * @param doSync whether {@code flush()} forces data to the disk (fdatasync)
 * @param sliceMaxMsgs most messages in one slice (0: not checked)
 * @param sliceMaxBytes most bytes (accounted size) in one slice (0: not checked)
 * @param sliceMaxAge time covered by one slice, from its first message (0: not checked)
 * @param sliceArchiveScript program run with (channel, data file, index file) for every removed slice;
 *     empty to delete removed slices
 * @param fileDescriptorsLimit soft limit of open files; idle slice files are closed past it (0: none)
 * @param parallelRecovery number of channels recovered at the same time (at least 1)
 * @param truncateUnexpectedEOF whether recovery cuts a torn last record instead of failing
 * @param readBufferSize size of the read-ahead window used by sequential readers (0: no read-ahead)
 * @param autoSync interval of the background sync of every store (0 or negative: disabled)
 * @param recordSizeLimit the largest record payload accepted when writing and when reading, in bytes.
 *     NATS Streaming has no such bound; ours defaults to 64 MiB (the NATS server's maximum payload is
 *     64 MiB) so that a corrupt size field can never make recovery allocate more than that
 * @param readOnly open for inspection only: no lock, no write, no index rewrite, no truncation
 * @param cutTornTailAfterCrash whether recovery cuts a torn last record of a file that was being
 *     appended when the store was not closed cleanly (its manifest says so), keeping the bytes in
 *     {@code <file>.torn-<millis>}; {@code false} keeps the strict NATS Streaming behaviour (an error
 *     unless {@code truncateUnexpectedEOF})
 */
public record FileStoreOptions(
    int bufferSize,
    boolean compactEnabled,
    Duration compactInterval,
    int compactFragmentation,
    long compactMinFileSize,
    boolean doCRC,
    long crcPolynomial,
    boolean doSync,
    long sliceMaxMsgs,
    long sliceMaxBytes,
    Duration sliceMaxAge,
    String sliceArchiveScript,
    long fileDescriptorsLimit,
    int parallelRecovery,
    boolean truncateUnexpectedEOF,
    int readBufferSize,
    Duration autoSync,
    int recordSizeLimit,
    boolean readOnly,
    boolean cutTornTailAfterCrash) {

  /** The IEEE CRC-32 polynomial in reversed form, the NATS default. */
  public static final long CRC_IEEE = 0xedb88320L;

  /** Option names, as given in a store URL or properties. */
  public static final String BUFFER_SIZE = "bufferSize";
  /** See {@link #compactEnabled()}. */
  public static final String COMPACT_ENABLED = "compactEnabled";
  /** See {@link #compactInterval()}. */
  public static final String COMPACT_INTERVAL = "compactInterval";
  /** See {@link #compactFragmentation()}. */
  public static final String COMPACT_FRAGMENTATION = "compactFragmentation";
  /** See {@link #compactMinFileSize()}. */
  public static final String COMPACT_MIN_FILE_SIZE = "compactMinFileSize";
  /** See {@link #doCRC()}. */
  public static final String DO_CRC = "doCRC";
  /** See {@link #crcPolynomial()}. */
  public static final String CRC_POLYNOMIAL = "crcPolynomial";
  /** See {@link #doSync()}. */
  public static final String DO_SYNC = "doSync";
  /** See {@link #sliceMaxMsgs()}. */
  public static final String SLICE_MAX_MSGS = "sliceMaxMsgs";
  /** See {@link #sliceMaxBytes()}. */
  public static final String SLICE_MAX_BYTES = "sliceMaxBytes";
  /** See {@link #sliceMaxAge()}. */
  public static final String SLICE_MAX_AGE = "sliceMaxAge";
  /** See {@link #sliceArchiveScript()}. */
  public static final String SLICE_ARCHIVE_SCRIPT = "sliceArchiveScript";
  /** See {@link #fileDescriptorsLimit()}. */
  public static final String FILE_DESCRIPTORS_LIMIT = "fileDescriptorsLimit";
  /** See {@link #parallelRecovery()}. */
  public static final String PARALLEL_RECOVERY = "parallelRecovery";
  /** See {@link #truncateUnexpectedEOF()}. */
  public static final String TRUNCATE_UNEXPECTED_EOF = "truncateUnexpectedEOF";
  /** See {@link #readBufferSize()}. */
  public static final String READ_BUFFER_SIZE = "readBufferSize";
  /** See {@link #autoSync()}. */
  public static final String AUTO_SYNC = "autoSync";
  /** See {@link #recordSizeLimit()}. */
  public static final String RECORD_SIZE_LIMIT = "recordSizeLimit";
  /** See {@link #readOnly()}. */
  public static final String READ_ONLY = "readOnly";
  /** See {@link #cutTornTailAfterCrash()}. */
  public static final String CUT_TORN_TAIL_AFTER_CRASH = "cutTornTailAfterCrash";

  /** Every option name {@link #from(StoreOptions)} reads. */
  public static final Set<String> NAMES =
      Set.of(
          BUFFER_SIZE, COMPACT_ENABLED, COMPACT_INTERVAL, COMPACT_FRAGMENTATION,
          COMPACT_MIN_FILE_SIZE, DO_CRC, CRC_POLYNOMIAL, DO_SYNC, SLICE_MAX_MSGS, SLICE_MAX_BYTES,
          SLICE_MAX_AGE, SLICE_ARCHIVE_SCRIPT, FILE_DESCRIPTORS_LIMIT, PARALLEL_RECOVERY,
          TRUNCATE_UNEXPECTED_EOF, READ_BUFFER_SIZE, AUTO_SYNC, RECORD_SIZE_LIMIT, READ_ONLY,
          CUT_TORN_TAIL_AFTER_CRASH);

  /** Largest value accepted for {@link #recordSizeLimit()} (1 GiB). */
  public static final int MAX_RECORD_SIZE_LIMIT = 1 << 30;

  /** The NATS Streaming defaults (plus ours for {@code recordSizeLimit} and {@code readOnly}). */
  public static final FileStoreOptions DEFAULTS =
      new FileStoreOptions(
          2 * 1024 * 1024,
          true,
          Duration.ofSeconds(300),
          50,
          1024 * 1024,
          true,
          CRC_IEEE,
          true,
          0,
          64L * 1024 * 1024,
          Duration.ZERO,
          "",
          0,
          1,
          false,
          2 * 1024 * 1024,
          Duration.ofSeconds(60),
          64 * 1024 * 1024,
          false,
          true);

  /** Validates every value; the error names the option. */
  public FileStoreOptions {
    Objects.requireNonNull(compactInterval, COMPACT_INTERVAL);
    Objects.requireNonNull(sliceMaxAge, SLICE_MAX_AGE);
    Objects.requireNonNull(sliceArchiveScript, SLICE_ARCHIVE_SCRIPT);
    Objects.requireNonNull(autoSync, AUTO_SYNC);
    atLeast(BUFFER_SIZE, bufferSize, 0);
    if (compactInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new InvalidOptionException(
          "option '" + COMPACT_INTERVAL + "' is " + compactInterval + "; it must be at least 1s");
    }
    atLeast(COMPACT_FRAGMENTATION, compactFragmentation, 1);
    atLeast(COMPACT_MIN_FILE_SIZE, compactMinFileSize, 0);
    if (crcPolynomial <= 0 || crcPolynomial > 0xFFFFFFFFL) {
      throw new InvalidOptionException(
          "option '" + CRC_POLYNOMIAL + "' is " + crcPolynomial
              + "; it must be between 1 and 4294967295 (0xffffffff)");
    }
    atLeast(SLICE_MAX_MSGS, sliceMaxMsgs, 0);
    atLeast(SLICE_MAX_BYTES, sliceMaxBytes, 0);
    if (sliceMaxAge.isNegative()) {
      throw new InvalidOptionException(
          "option '" + SLICE_MAX_AGE + "' is " + sliceMaxAge + "; it must not be negative");
    }
    atLeast(FILE_DESCRIPTORS_LIMIT, fileDescriptorsLimit, 0);
    atLeast(PARALLEL_RECOVERY, parallelRecovery, 1);
    atLeast(READ_BUFFER_SIZE, readBufferSize, 0);
    if (recordSizeLimit < 1024 || recordSizeLimit > MAX_RECORD_SIZE_LIMIT) {
      throw new InvalidOptionException(
          "option '" + RECORD_SIZE_LIMIT + "' is " + recordSizeLimit
              + "; it must be between 1024 and " + MAX_RECORD_SIZE_LIMIT + " bytes");
    }
  }

  /**
   * Reads every option of {@link #NAMES} from {@code options} (marking them used); absent ones take
   * their {@link #DEFAULTS} value. Sizes accept units ({@code 64MB}), durations Go-style ({@code
   * 30s}); {@code compactInterval} also accepts a plain number of seconds, as in NATS, and {@code
   * crcPolynomial} accepts decimal or {@code 0x} hexadecimal.
   *
   * @throws InvalidOptionException naming the first bad option
   */
  public static FileStoreOptions from(StoreOptions options) {
    FileStoreOptions d = DEFAULTS;
    return new FileStoreOptions(
        intSize(options, BUFFER_SIZE, d.bufferSize()),
        options.bool(COMPACT_ENABLED, d.compactEnabled()),
        secondsOrDuration(options, COMPACT_INTERVAL, d.compactInterval()),
        options.int32(COMPACT_FRAGMENTATION, d.compactFragmentation()),
        options.bytes(COMPACT_MIN_FILE_SIZE, d.compactMinFileSize()),
        options.bool(DO_CRC, d.doCRC()),
        polynomial(options, d.crcPolynomial()),
        options.bool(DO_SYNC, d.doSync()),
        options.integer(SLICE_MAX_MSGS, d.sliceMaxMsgs()),
        options.bytes(SLICE_MAX_BYTES, d.sliceMaxBytes()),
        options.duration(SLICE_MAX_AGE, d.sliceMaxAge()),
        options.string(SLICE_ARCHIVE_SCRIPT, d.sliceArchiveScript()),
        options.integer(FILE_DESCRIPTORS_LIMIT, d.fileDescriptorsLimit()),
        options.int32(PARALLEL_RECOVERY, d.parallelRecovery()),
        options.bool(TRUNCATE_UNEXPECTED_EOF, d.truncateUnexpectedEOF()),
        intSize(options, READ_BUFFER_SIZE, d.readBufferSize()),
        options.duration(AUTO_SYNC, d.autoSync()),
        intSize(options, RECORD_SIZE_LIMIT, d.recordSizeLimit()),
        options.bool(READ_ONLY, d.readOnly()),
        options.bool(CUT_TORN_TAIL_AFTER_CRASH, d.cutTornTailAfterCrash()));
  }

  /** A builder starting from {@link #DEFAULTS}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether a removed slice is handed to an archive script rather than deleted. */
  public boolean archivesSlices() {
    return !sliceArchiveScript.isEmpty();
  }

  /** Whether background auto-sync is enabled. */
  public boolean autoSyncEnabled() {
    return !autoSync.isNegative() && !autoSync.isZero();
  }

  private static void atLeast(String name, long value, long min) {
    if (value < min) {
      throw new InvalidOptionException(
          "option '" + name + "' is " + value + "; it must be at least " + min);
    }
  }

  private static int intSize(StoreOptions options, String name, int defaultValue) {
    long v = options.bytes(name, defaultValue);
    if (v > Integer.MAX_VALUE) {
      throw new InvalidOptionException(
          "option '" + name + "' is " + v + " bytes; it must be below 2GB");
    }
    return (int) v;
  }

  private static Duration secondsOrDuration(StoreOptions options, String name, Duration dflt) {
    if (!options.has(name)) {
      options.markUsed(name);
      return dflt;
    }
    String text = options.string(name, "").trim();
    if (text.matches("-?\\d+")) {
      try {
        return Duration.ofSeconds(Long.parseLong(text));
      } catch (NumberFormatException e) {
        throw new InvalidOptionException("option '" + name + "' has invalid value '" + text + "'");
      }
    }
    return StoreOptions.parseDuration(name, text);
  }

  private static long polynomial(StoreOptions options, long dflt) {
    String text = options.string(CRC_POLYNOMIAL, null);
    if (text == null) {
      return dflt;
    }
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new InvalidOptionException(
          "option '" + CRC_POLYNOMIAL + "' has invalid value '" + text
              + "'; expected a number such as 3988292384 or 0xedb88320");
    }
  }

  /** Builds {@link FileStoreOptions}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private int bufferSize;
    private boolean compactEnabled;
    private Duration compactInterval;
    private int compactFragmentation;
    private long compactMinFileSize;
    private boolean doCRC;
    private long crcPolynomial;
    private boolean doSync;
    private long sliceMaxMsgs;
    private long sliceMaxBytes;
    private Duration sliceMaxAge;
    private String sliceArchiveScript;
    private long fileDescriptorsLimit;
    private int parallelRecovery;
    private boolean truncateUnexpectedEOF;
    private int readBufferSize;
    private Duration autoSync;
    private int recordSizeLimit;
    private boolean readOnly;
    private boolean cutTornTailAfterCrash;

    private Builder(FileStoreOptions o) {
      bufferSize = o.bufferSize;
      compactEnabled = o.compactEnabled;
      compactInterval = o.compactInterval;
      compactFragmentation = o.compactFragmentation;
      compactMinFileSize = o.compactMinFileSize;
      doCRC = o.doCRC;
      crcPolynomial = o.crcPolynomial;
      doSync = o.doSync;
      sliceMaxMsgs = o.sliceMaxMsgs;
      sliceMaxBytes = o.sliceMaxBytes;
      sliceMaxAge = o.sliceMaxAge;
      sliceArchiveScript = o.sliceArchiveScript;
      fileDescriptorsLimit = o.fileDescriptorsLimit;
      parallelRecovery = o.parallelRecovery;
      truncateUnexpectedEOF = o.truncateUnexpectedEOF;
      readBufferSize = o.readBufferSize;
      autoSync = o.autoSync;
      recordSizeLimit = o.recordSizeLimit;
      readOnly = o.readOnly;
      cutTornTailAfterCrash = o.cutTornTailAfterCrash;
    }

    /** See {@link FileStoreOptions#bufferSize()}. */
    public Builder bufferSize(int v) {
      bufferSize = v;
      return this;
    }

    /** See {@link FileStoreOptions#compactEnabled()}. */
    public Builder compactEnabled(boolean v) {
      compactEnabled = v;
      return this;
    }

    /** See {@link FileStoreOptions#compactInterval()}. */
    public Builder compactInterval(Duration v) {
      compactInterval = v;
      return this;
    }

    /** See {@link FileStoreOptions#compactFragmentation()}. */
    public Builder compactFragmentation(int v) {
      compactFragmentation = v;
      return this;
    }

    /** See {@link FileStoreOptions#compactMinFileSize()}. */
    public Builder compactMinFileSize(long v) {
      compactMinFileSize = v;
      return this;
    }

    /** See {@link FileStoreOptions#doCRC()}. */
    public Builder doCRC(boolean v) {
      doCRC = v;
      return this;
    }

    /** See {@link FileStoreOptions#crcPolynomial()}. */
    public Builder crcPolynomial(long v) {
      crcPolynomial = v;
      return this;
    }

    /** See {@link FileStoreOptions#doSync()}. */
    public Builder doSync(boolean v) {
      doSync = v;
      return this;
    }

    /** See {@link FileStoreOptions#sliceMaxMsgs()}. */
    public Builder sliceMaxMsgs(long v) {
      sliceMaxMsgs = v;
      return this;
    }

    /** See {@link FileStoreOptions#sliceMaxBytes()}. */
    public Builder sliceMaxBytes(long v) {
      sliceMaxBytes = v;
      return this;
    }

    /** See {@link FileStoreOptions#sliceMaxAge()}. */
    public Builder sliceMaxAge(Duration v) {
      sliceMaxAge = v;
      return this;
    }

    /** See {@link FileStoreOptions#sliceArchiveScript()}. */
    public Builder sliceArchiveScript(String v) {
      sliceArchiveScript = v;
      return this;
    }

    /** See {@link FileStoreOptions#fileDescriptorsLimit()}. */
    public Builder fileDescriptorsLimit(long v) {
      fileDescriptorsLimit = v;
      return this;
    }

    /** See {@link FileStoreOptions#parallelRecovery()}. */
    public Builder parallelRecovery(int v) {
      parallelRecovery = v;
      return this;
    }

    /** See {@link FileStoreOptions#truncateUnexpectedEOF()}. */
    public Builder truncateUnexpectedEOF(boolean v) {
      truncateUnexpectedEOF = v;
      return this;
    }

    /** See {@link FileStoreOptions#readBufferSize()}. */
    public Builder readBufferSize(int v) {
      readBufferSize = v;
      return this;
    }

    /** See {@link FileStoreOptions#autoSync()}. */
    public Builder autoSync(Duration v) {
      autoSync = v;
      return this;
    }

    /** See {@link FileStoreOptions#recordSizeLimit()}. */
    public Builder recordSizeLimit(int v) {
      recordSizeLimit = v;
      return this;
    }

    /** See {@link FileStoreOptions#readOnly()}. */
    public Builder readOnly(boolean v) {
      readOnly = v;
      return this;
    }

    /** See {@link FileStoreOptions#cutTornTailAfterCrash()}. */
    public Builder cutTornTailAfterCrash(boolean v) {
      cutTornTailAfterCrash = v;
      return this;
    }

    /** The options; validates every value. */
    public FileStoreOptions build() {
      return new FileStoreOptions(
          bufferSize, compactEnabled, compactInterval, compactFragmentation, compactMinFileSize,
          doCRC, crcPolynomial, doSync, sliceMaxMsgs, sliceMaxBytes, sliceMaxAge,
          sliceArchiveScript, fileDescriptorsLimit, parallelRecovery, truncateUnexpectedEOF,
          readBufferSize, autoSync, recordSizeLimit, readOnly, cutTornTailAfterCrash);
    }
  }
}
