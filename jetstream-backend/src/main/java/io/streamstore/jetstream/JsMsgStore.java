package io.streamstore.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.PurgeOptions;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamState;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.CorruptedDataException;
import io.streamstore.spi.InvalidArgumentException;
import io.streamstore.spi.MessageSizeLimit;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreClosedException;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message log of one channel: one JetStream stream.
 *
 * <p><b>Sequences.</b> The stream numbers its messages 1, 2, 3... by itself; the SPI sequence the
 * caller chose travels in a header, and {@link Segments} maps one onto the other. This store is the
 * only writer of the stream and publishes each message with {@code Nats-Expected-Last-Sequence} set
 * to the stream sequence it expects to follow, so it knows every stream sequence before the
 * acknowledgement arrives, and any other writer makes its next publish fail instead of silently
 * shifting the map. On opening, the map is rebuilt by bisection over direct reads of the stream: two
 * reads for a channel without gaps, about {@code 2·log2(n)} more per gap.
 *
 * <p><b>Writes.</b> {@link #store} publishes asynchronously; at most {@code maxPendingAcks}
 * acknowledgements are awaited at once. {@link #flush} returns once every acknowledgement arrived
 * (the stream stored the message; in a replicated stream, a quorum did). A failed publish makes the
 * store read its state back from the stream (so {@link #lastSequence} says what really is there) and
 * fail the current call with {@link StoreIOException}; the caller stores the missing sequences again.
 * A read of a message waits for that message's acknowledgement first.
 *
 * <p><b>Limits.</b> {@code maxMsgs} is the stream's own {@code max_msgs} (JetStream removes the
 * oldest messages itself; the store computes the same first sequence). {@code maxBytes} counts
 * {@link MsgProto#getSerializedSize()} as the memory backend does; JetStream's own byte accounting
 * depends on the storage type and header sizes, so this limit is enforced here, by purging the
 * stream below the first message to keep, found by bisection over the cumulative-size header.
 * {@code maxAge} counts from the message's timestamp (JetStream's {@code max_age} counts from
 * arrival, which is wrong for migrated messages), so it is enforced here too, by a background task
 * that purges what is too old. Timestamps are assumed not to decrease along the channel, as a NATS
 * Streaming server stamps them; {@link #sequenceForTimestamp} bisects on them (no scan).
 *
 * <p>Thread-safe: every method synchronizes on this object.
 */
final class JsMsgStore implements MsgStore {

  private static final Logger LOG = LoggerFactory.getLogger(JsMsgStore.class);
  private static final int RING = 1 << 16;

  private final StoreContext ctx;
  private final String channel;
  private final String stream;
  private ChannelRecord record; // guarded by this
  private final String subject;
  private final String floorKey;
  private final long maxMsgs;
  private final long maxBytes;
  private final long maxAgeNanos;
  private final long timeoutNanos;
  private final int window;
  private final long maxPayload;

  // all guarded by this
  private final Segments segments = new Segments();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final long[] cumBeforeRing = new long[RING]; // by stream sequence, for this session's writes
  private long ringLow = Long.MAX_VALUE; // lowest stream sequence in the ring
  private long firstStream = 1; // stream sequence of the oldest message; lastStream + 1 when none
  private long lastStream; // stream sequence of the newest message ever published
  private long lastSpi; // newest SPI sequence ever stored, 0 when none
  private long cumLast; // accounted bytes up to the newest message
  private long cumBeforeFirst; // accounted bytes before the oldest message
  private boolean cumBeforeFirstKnown = true;
  private boolean needsReload;
  private boolean loosenLimitBeforeWriting; // the stream's max_msgs is below the channel's limit
  private int storesSinceBytesCheck;
  private ScheduledFuture<?> expiryTask;
  private boolean closed;

  private record Pending(CompletableFuture<PublishAck> ack, long streamSeq) {}

  private JsMsgStore(StoreContext ctx, String stream, ChannelRecord record, MsgStoreLimits limits) {
    this.ctx = ctx;
    this.channel = record.name();
    this.stream = stream;
    this.record = record;
    String incarnation = record.incarnation();
    String sp = ctx.options().subjectPrefix();
    this.subject = sp.isEmpty() ? channel : sp + "." + channel;
    this.floorKey = "floor." + incarnation;
    this.maxMsgs = limits.maxMsgs();
    this.maxBytes = limits.maxBytes();
    this.maxAgeNanos = limits.maxAge().toNanos();
    this.timeoutNanos = ctx.options().requestTimeout().toNanos();
    this.window = ctx.options().maxPendingAcks();
    this.maxPayload = ctx.connection().getMaxPayload();
  }

  /** The message store of a channel just registered; its stream comes with the first message. */
  static JsMsgStore created(StoreContext ctx, String stream, ChannelRecord record,
      MsgStoreLimits limits) {
    return new JsMsgStore(ctx, stream, record, limits);
  }

  /** The message store of a registered channel, read back from the server. */
  static JsMsgStore recovered(StoreContext ctx, String stream, ChannelRecord record,
      MsgStoreLimits limits, long floor) {
    JsMsgStore ms = new JsMsgStore(ctx, stream, record, limits);
    synchronized (ms) {
      if (!record.streamCreated()) {
        if (!ms.streamExists()) {
          ms.lastSpi = floor;
          return ms;
        }
        ms.registerStream(); // created just before a crash: adopt it
      }
      ms.applyStreamLimits();
      ms.load(floor);
      if (ms.maxBytes > 0) {
        ms.enforceBytes();
      }
      if (ms.maxAgeNanos > 0 && ms.count() > 0) {
        ms.scheduleExpiry(0);
      }
    }
    return ms;
  }

  /** The subject messages of this channel are published on. */
  String subject() {
    return subject;
  }

  // ---- SPI -----------------------------------------------------------------------------------

  @Override
  public synchronized MsgStoreState state() {
    ready();
    settle();
    long n = count();
    return new MsgStoreState(n, n == 0 ? 0 : bytes());
  }

  /**
   * Room kept in the server's {@code max_payload} for the headers this store adds to a message
   * (sequence, timestamp, subject, reply and bookkeeping; a few hundred bytes for usual subjects).
   */
  static final int HEADER_RESERVE = 4096;

  /** The largest message encoding accepted when the server takes {@code maxPayload} bytes. */
  static long maxMessageSize(long maxPayload) {
    return Math.max(1, maxPayload - HEADER_RESERVE);
  }

  @Override
  public synchronized long store(MsgProto msg) {
    Objects.requireNonNull(msg, "msg");
    ready();
    ctx.lock().checkWritable();
    MessageSizeLimit.check(msg, maxMessageSize(maxPayload), channel);
    long seq = msg.getSequence();
    if (Long.compareUnsigned(seq, lastSpi) <= 0) {
      return seq;
    }
    if (seq < 0) {
      throw new InvalidArgumentException("sequence " + Long.toUnsignedString(seq) + " of channel "
          + channel + " is above 2^63");
    }
    if (!record.streamCreated()) {
      createStream();
    } else if (loosenLimitBeforeWriting) {
      loosenLimit();
    }
    long streamSeq = lastStream + 1;
    int size = msg.getSerializedSize();
    long cum = cumLast + size;
    Headers h = MessageCodec.headers(msg, cum, lastStream);
    long max = maxPayload;
    // the headers stay below 320 bytes plus three times subject and reply (percent-encoding):
    // measure them only when that bound could pass the server's limit
    long bound = (long) msg.getData().size() + 320
        + 3L * (msg.getSubject().length() + msg.getReply().length()) * 3;
    long total = bound > max ? (long) msg.getData().size() + h.serializedLength() : 0;
    if (max > 0 && total > max) {
      throw new InvalidArgumentException("message " + seq + " of channel " + channel + " needs "
          + total + " bytes with its headers, above the server's max_payload of " + max);
    }
    CompletableFuture<PublishAck> ack;
    try {
      ack = ctx.js().publishAsync(subject, h, msg.getData().toByteArray());
    } catch (RuntimeException e) {
      throw new StoreIOException("cannot publish message " + seq + " of channel " + channel + ": " + e, e);
    }
    pending.addLast(new Pending(ack, streamSeq));
    boolean wasEmpty = count() == 0;
    lastStream = streamSeq;
    lastSpi = seq;
    cumLast = cum;
    segments.append(seq, streamSeq);
    ringPut(streamSeq, cum - size);
    if (wasEmpty) {
      firstStream = streamSeq;
      cumBeforeFirst = cum - size;
      cumBeforeFirstKnown = true;
      segments.dropBefore(firstStream);
    }
    if (maxMsgs > 0 && count() > maxMsgs) {
      moveFirst(lastStream - maxMsgs + 1); // what the stream's max_msgs does by itself
    }
    if (maxBytes > 0 && ++storesSinceBytesCheck >= 64) {
      storesSinceBytesCheck = 0;
      enforceBytes();
    }
    reapAcks();
    if (pending.size() >= window) {
      awaitAcks(pending.peekFirst().streamSeq() + window / 2);
    }
    if (maxAgeNanos > 0 && expiryTask == null) {
      scheduleExpiry(msg.getTimestamp() + maxAgeNanos - nowNanos());
    }
    return seq;
  }

  @Override
  public synchronized Optional<MsgProto> lookup(long seq) {
    ready();
    settle();
    if (seq <= 0 || seq > lastSpi || count() == 0) {
      return Optional.empty();
    }
    long s = segments.streamOf(seq, firstStream, lastStream);
    if (s < 0) {
      return Optional.empty();
    }
    Optional<MsgProto> m = read(s);
    if (m.isPresent() && m.get().getSequence() != seq) {
      throw new CorruptedDataException(where(s) + " holds SPI sequence " + m.get().getSequence()
          + " where " + seq + " was expected");
    }
    return m;
  }

  @Override
  public synchronized long firstSequence() {
    ready();
    settle();
    return firstSpi();
  }

  @Override
  public synchronized long lastSequence() {
    ready();
    return lastSpi;
  }

  @Override
  public synchronized SequenceRange firstAndLastSequence() {
    ready();
    settle();
    return new SequenceRange(firstSpi(), lastSpi);
  }

  @Override
  public synchronized long sequenceForTimestamp(long timestampNanos) {
    ready();
    settle();
    if (count() == 0) {
      return lastSpi == 0 ? 0 : lastSpi + 1;
    }
    awaitAcks(lastStream);
    long lo = firstStream;
    long hi = lastStream + 1; // smallest s with timestamp(s) >= t, or lastStream + 1
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (MessageCodec.timestamp(fetch(mid).getHeaders(), where(mid)) >= timestampNanos) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo > lastStream ? lastSpi + 1 : segments.spiOf(lo);
  }

  @Override
  public synchronized Optional<MsgProto> firstMsg() {
    ready();
    settle();
    return count() == 0 ? Optional.empty() : read(firstStream);
  }

  @Override
  public synchronized Optional<MsgProto> lastMsg() {
    ready();
    settle();
    return count() == 0 ? Optional.empty() : read(lastStream);
  }

  @Override
  public synchronized void flush() {
    ready();
    awaitAcks(lastStream);
    settle();
  }

  @Override
  public synchronized void empty() {
    ready();
    ctx.lock().checkWritable();
    awaitAcks(lastStream);
    if (lastSpi != 0) {
      ctx.bucket().put(floorKey, Long.toString(lastSpi).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    if (record.streamCreated()) {
      purge(lastStream + 1);
    }
    firstStream = lastStream + 1;
    cumBeforeFirst = cumLast;
    cumBeforeFirstKnown = true;
    segments.clear();
    cancelExpiry();
  }

  /**
   * The stream sequence of the first message whose SPI sequence is at or above {@code spiSeq}, or
   * the next stream sequence when there is none; creates the stream when the channel has none yet.
   */
  synchronized long streamSequenceAtOrAfter(long spiSeq) {
    ready();
    if (!record.streamCreated()) {
      createStream();
    }
    awaitAcks(lastStream);
    settle();
    if (count() == 0 || spiSeq > lastSpi) {
      return lastStream + 1;
    }
    long lo = firstStream;
    long hi = lastStream; // smallest s with spiOf(s) >= spiSeq; spiOf(lastStream) == lastSpi
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (segments.spiOf(mid) >= spiSeq) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The stream of this channel. */
  String stream() {
    return stream;
  }

  /** Whether the channel's stream was created (it holds or held a message). */
  synchronized boolean hasStream() {
    return record.streamCreated();
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      if (!needsReload) {
        awaitAcks(lastStream);
      }
    } finally {
      closed = true;
      cancelExpiry();
    }
  }

  /** Closes without waiting for acknowledgements: the channel is being deleted. */
  synchronized void discard() {
    closed = true;
    pending.clear();
    cancelExpiry();
  }

  // ---- internals -----------------------------------------------------------------------------

  private long count() {
    return lastStream - firstStream + 1;
  }

  private long firstSpi() {
    if (count() == 0) {
      return lastSpi == 0 ? 0 : lastSpi + 1;
    }
    return segments.spiOf(firstStream);
  }

  private long bytes() {
    if (!cumBeforeFirstKnown) {
      cumBeforeFirst = cumBefore(firstStream);
      cumBeforeFirstKnown = true;
    }
    return cumLast - cumBeforeFirst;
  }

  /** Moves the first message to {@code newFirst}, after the stream dropped the ones before it. */
  private void moveFirst(long newFirst) {
    firstStream = newFirst;
    segments.dropBefore(newFirst);
    if (inRing(newFirst)) {
      cumBeforeFirst = cumBeforeRing[(int) (newFirst & (RING - 1))];
      cumBeforeFirstKnown = true;
    } else {
      cumBeforeFirstKnown = false;
    }
  }

  /** Applies what reads must see: the byte limit. */
  private void settle() {
    if (maxBytes > 0) {
      enforceBytes();
    }
  }

  private void enforceBytes() {
    if (count() <= 1 || bytes() <= maxBytes) {
      return;
    }
    long target = cumLast - maxBytes; // keep from the first s whose cumBefore(s) >= target
    long lo = firstStream + 1;
    long hi = lastStream;
    while (lo < hi) {
      long mid = (lo + hi) >>> 1;
      if (cumBefore(mid) >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long keepFrom = lo;
    long cb = cumBefore(keepFrom);
    purge(keepFrom);
    firstStream = keepFrom;
    cumBeforeFirst = cb;
    cumBeforeFirstKnown = true;
    segments.dropBefore(keepFrom);
  }

  /** Accounted bytes before the message at stream sequence {@code s}. */
  private long cumBefore(long s) {
    if (inRing(s)) {
      return cumBeforeRing[(int) (s & (RING - 1))];
    }
    MessageInfo mi = fetch(s);
    MsgProto m = MessageCodec.decode(mi.getHeaders(), mi.getData(), where(s));
    return MessageCodec.cumulativeBytes(mi.getHeaders(), where(s)) - m.getSerializedSize();
  }

  private void ringPut(long streamSeq, long cumBefore) {
    cumBeforeRing[(int) (streamSeq & (RING - 1))] = cumBefore;
    if (ringLow == Long.MAX_VALUE) {
      ringLow = streamSeq;
    }
  }

  private boolean inRing(long s) {
    return s >= ringLow && s <= lastStream && s > lastStream - RING;
  }

  /** Removes every message below stream sequence {@code keepFrom} (all of them: lastStream + 1). */
  private void purge(long keepFrom) {
    awaitAcks(keepFrom - 1);
    try {
      ctx.jsm().purgeStream(stream, PurgeOptions.builder().sequence(keepFrom).build());
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot purge stream " + stream + " of channel " + channel + ": " + e, e);
    }
  }

  private Optional<MsgProto> read(long s) {
    awaitAcks(s);
    MessageInfo mi = get(s);
    if (mi == null) {
      return Optional.empty();
    }
    return Optional.of(MessageCodec.decode(mi.getHeaders(), mi.getData(), where(s)));
  }

  /** The stream message at {@code s}, which must exist. */
  private MessageInfo fetch(long s) {
    awaitAcks(s);
    MessageInfo mi = get(s);
    if (mi == null) {
      throw new CorruptedDataException(where(s) + " is missing although the stream should hold it"
          + " (was it deleted by another client?)");
    }
    return mi;
  }

  /** The stream message at {@code s}, or null when the stream has none there. */
  private MessageInfo get(long s) {
    try {
      return ctx.jsm().getMessage(stream, s);
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        return null;
      }
      throw new StoreIOException("cannot read " + where(s) + ": " + e, e);
    } catch (IOException e) {
      throw new StoreIOException("cannot read " + where(s) + ": " + e, e);
    }
  }

  private String where(long s) {
    return "message at stream sequence " + s + " of stream " + stream + " (channel " + channel + ")";
  }

  /** Drops the acknowledgements already received, checking them. */
  private void reapAcks() {
    while (!pending.isEmpty() && pending.peekFirst().ack().isDone()) {
      awaitAcks(pending.peekFirst().streamSeq());
    }
  }

  /** Waits for the acknowledgements of every publish up to stream sequence {@code upTo}. */
  private void awaitAcks(long upTo) {
    while (!pending.isEmpty() && pending.peekFirst().streamSeq() <= upTo) {
      Pending p = pending.peekFirst();
      PublishAck ack;
      try {
        ack = p.ack().get(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failed(p, e);
      } catch (ExecutionException e) {
        throw failed(p, e.getCause());
      } catch (TimeoutException | RuntimeException e) {
        throw failed(p, e);
      }
      if (ack.getSeqno() != p.streamSeq() || !stream.equals(ack.getStream())) {
        throw failed(p, new IllegalStateException("acknowledged as " + ack.getStream() + " sequence "
            + ack.getSeqno() + ", expected " + stream + " sequence " + p.streamSeq()));
      }
      pending.pollFirst();
    }
  }

  private StoreIOException failed(Pending p, Throwable cause) {
    pending.clear();
    needsReload = true;
    String after;
    try {
      reload();
      after = "the channel now ends at sequence " + lastSpi + "; store what follows again";
    } catch (RuntimeException e) {
      after = "reading the stream back failed too (" + e + "); the next call retries";
    }
    return new StoreIOException("publishing to stream " + stream + " (channel " + channel
        + ") failed at stream sequence " + p.streamSeq() + ": " + cause + "; " + after, cause);
  }

  /** Fails if closed, and reads the stream back first if a publish failed earlier. */
  private void ready() {
    if (closed) {
      throw new StoreClosedException("message store of channel \"" + channel + "\" is closed");
    }
    if (needsReload) {
      reload();
    }
  }

  private void reload() {
    KeyFloor floor = readFloor();
    if (!record.streamCreated()) {
      if (!streamExists()) {
        pending.clear();
        needsReload = false;
        return;
      }
      registerStream();
    }
    load(floor.value);
    needsReload = false;
  }

  // ---- the stream ----------------------------------------------------------------------------

  private StreamConfiguration config() {
    JetStreamStoreOptions o = ctx.options();
    return StreamConfiguration.builder()
        .name(stream)
        .description("streamstore channel " + channel)
        .subjects(subject)
        .storageType(o.memoryStorage() ? StorageType.Memory : StorageType.File)
        .replicas(o.replicas())
        .retentionPolicy(RetentionPolicy.Limits)
        .discardPolicy(DiscardPolicy.Old)
        .maxMessages(maxMsgs > 0 ? maxMsgs : -1)
        .denyDelete(true)
        // direct gets may be answered by a lagging replica, so only a single replica reads its own
        // writes; and a direct get answers with the subject in a header, which the client cannot
        // read unless it is printable ASCII
        .allowDirect(o.replicas() == 1 && MessageCodec.encode(subject).equals(subject))
        .build();
  }

  private boolean streamExists() {
    try {
      ctx.jsm().getStreamInfo(stream);
      return true;
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        return false;
      }
      throw new StoreIOException("cannot read stream " + stream + ": " + e, e);
    } catch (IOException e) {
      throw new StoreIOException("cannot read stream " + stream + ": " + e, e);
    }
  }

  /** Creates the stream (replacing one of that name a crash left behind) and registers it. */
  private void createStream() {
    try {
      if (streamExists()) {
        LOG.info("replacing stream {} left over for channel {}", stream, channel);
        ctx.jsm().deleteStream(stream);
      }
      ctx.jsm().addStream(config());
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot create stream " + stream + " for channel " + channel
          + ": " + e, e);
    }
    registerStream();
    lastStream = 0;
    firstStream = 1;
  }

  private void registerStream() {
    ChannelRecord withStream = record.withStream();
    ctx.bucket().put("ch." + stream, withStream.encode());
    record = withStream;
  }

  /**
   * Brings the stream's max_msgs to the channel's limit (limits given at reopen). A tighter limit
   * applies at once (the stream drops the oldest messages); a looser one waits for the first write,
   * so that opening a store only to read it (the tools) changes nothing on the server.
   */
  private void applyStreamLimits() {
    try {
      StreamConfiguration cfg = ctx.jsm().getStreamInfo(stream).getConfiguration();
      long want = maxMsgs > 0 ? maxMsgs : -1;
      long have = cfg.getMaxMsgs();
      if (have == want) {
        return;
      }
      boolean tighter = want > 0 && (have <= 0 || want < have);
      if (tighter) {
        ctx.jsm().updateStream(StreamConfiguration.builder(cfg).maxMessages(want).build());
      } else {
        loosenLimitBeforeWriting = true;
      }
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        throw new CorruptedDataException("stream " + stream + " of channel " + channel
            + " is missing although the state bucket says it was created");
      }
      throw new StoreIOException("cannot update the limits of stream " + stream + ": " + e, e);
    } catch (IOException e) {
      throw new StoreIOException("cannot update the limits of stream " + stream + ": " + e, e);
    }
  }

  private void loosenLimit() {
    try {
      StreamConfiguration cfg = ctx.jsm().getStreamInfo(stream).getConfiguration();
      ctx.jsm().updateStream(StreamConfiguration.builder(cfg)
          .maxMessages(maxMsgs > 0 ? maxMsgs : -1).build());
      loosenLimitBeforeWriting = false;
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot update the limits of stream " + stream + ": " + e, e);
    }
  }

  private record KeyFloor(long value) {}

  private KeyFloor readFloor() {
    try {
      var e = ctx.bucket().kv().get(floorKey);
      return new KeyFloor(e == null ? 0 : Long.parseLong(e.getValueAsString()));
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot read " + floorKey + " from the state bucket: " + e, e);
    }
  }

  /** Reads first, last and the sequence map back from the stream. */
  private void load(long floor) {
    StreamState st;
    try {
      StreamInfo info = ctx.jsm().getStreamInfo(stream);
      st = info.getStreamState();
    } catch (JetStreamApiException e) {
      if (e.getErrorCode() == 404) {
        throw new CorruptedDataException("stream " + stream + " of channel " + channel
            + " is missing although the channel is registered");
      }
      throw new StoreIOException("cannot read stream " + stream + ": " + e, e);
    } catch (IOException e) {
      throw new StoreIOException("cannot read stream " + stream + ": " + e, e);
    }
    pending.clear();
    segments.clear();
    ringLow = Long.MAX_VALUE;
    lastStream = st.getLastSequence();
    if (st.getMsgCount() == 0) {
      firstStream = lastStream + 1;
      lastSpi = floor;
      cumLast = 0;
      cumBeforeFirst = 0;
      cumBeforeFirstKnown = true;
      return;
    }
    firstStream = st.getFirstSequence();
    MessageInfo first = fetch(firstStream);
    MessageInfo last = firstStream == lastStream ? first : fetch(lastStream);
    long spiFirst = MessageCodec.sequence(first.getHeaders(), where(firstStream));
    long spiLast = MessageCodec.sequence(last.getHeaders(), where(lastStream));
    lastSpi = Math.max(floor, spiLast);
    cumLast = MessageCodec.cumulativeBytes(last.getHeaders(), where(lastStream));
    MsgProto m = MessageCodec.decode(first.getHeaders(), first.getData(), where(firstStream));
    cumBeforeFirst = MessageCodec.cumulativeBytes(first.getHeaders(), where(firstStream))
        - m.getSerializedSize();
    cumBeforeFirstKnown = true;
    if (spiLast - spiFirst < lastStream - firstStream) {
      throw new CorruptedDataException("stream " + stream + " holds " + (lastStream - firstStream + 1)
          + " messages between SPI sequences " + spiFirst + " and " + spiLast);
    }
    bisect(firstStream, spiFirst, lastStream, spiLast);
  }

  /** Records the runs between two known (stream, SPI) pairs, reading the middle when needed. */
  private void bisect(long a, long spiA, long b, long spiB) {
    if (spiB - spiA == b - a || b == a + 1) {
      segments.append(spiA, a);
      segments.append(spiB, b);
      return;
    }
    long mid = (a + b) >>> 1;
    long spiMid = MessageCodec.sequence(fetch(mid).getHeaders(), where(mid));
    if (spiMid <= spiA || spiMid >= spiB) {
      throw new CorruptedDataException("SPI sequences of stream " + stream + " do not grow at "
          + where(mid));
    }
    bisect(a, spiA, mid, spiMid);
    bisect(mid, spiMid, b, spiB);
  }

  // ---- age -----------------------------------------------------------------------------------

  private void scheduleExpiry(long delayNanos) {
    if (closed) {
      return;
    }
    expiryTask = ctx.scheduler().schedule(this::expire, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void cancelExpiry() {
    if (expiryTask != null) {
      expiryTask.cancel(false);
      expiryTask = null;
    }
  }

  /** Runs on the store's scheduler: purges what is older than maxAge, then plans the next run. */
  private synchronized void expire() {
    expiryTask = null;
    if (closed) {
      return;
    }
    try {
      if (needsReload) {
        reload();
      }
      awaitAcks(lastStream);
      if (count() == 0) {
        return; // the next store plans again
      }
      long cutoff = nowNanos() - maxAgeNanos;
      long firstTs = MessageCodec.timestamp(fetch(firstStream).getHeaders(), where(firstStream));
      if (firstTs > cutoff) {
        scheduleExpiry(firstTs - cutoff);
        return;
      }
      long lo = firstStream + 1;
      long hi = lastStream + 1; // first s whose timestamp is after the cutoff
      while (lo < hi) {
        long mid = (lo + hi) >>> 1;
        if (MessageCodec.timestamp(fetch(mid).getHeaders(), where(mid)) > cutoff) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      if (lo > lastStream) {
        ctx.bucket().put(floorKey, Long.toString(lastSpi).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        purge(lastStream + 1);
        firstStream = lastStream + 1;
        cumBeforeFirst = cumLast;
        cumBeforeFirstKnown = true;
        segments.clear();
        return;
      }
      long cb = cumBefore(lo);
      long nextTs = MessageCodec.timestamp(fetch(lo).getHeaders(), where(lo));
      purge(lo);
      firstStream = lo;
      cumBeforeFirst = cb;
      cumBeforeFirstKnown = true;
      segments.dropBefore(lo);
      scheduleExpiry(nextTs + maxAgeNanos - nowNanos());
    } catch (RuntimeException e) {
      LOG.warn("expiring old messages of channel {} failed, retrying in 1 s: {}", channel, e.toString());
      scheduleExpiry(1_000_000_000L);
    }
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public String toString() {
    return "JsMsgStore[" + channel + " -> " + stream + "]";
  }
}
