package io.streamstore.spi;

import io.streamstore.proto.MsgProto;
import java.util.Optional;

/**
 * The message log of one channel: messages in increasing sequence order, bounded by the channel's
 * {@link MsgStoreLimits}. When a limit is exceeded the oldest messages are removed, but the last
 * stored message always stays.
 *
 * <p>Thread-safe. Sequences are assigned by the caller (the server), not by the store.
 */
public interface MsgStore {

  /** Current number of messages and their size as the backend accounts it. */
  MsgStoreState state();

  /**
   * Appends a message. The caller sets {@link MsgProto#getSequence()}; the first message may start
   * above 1 and gaps are allowed. A message whose sequence is not above the last stored one is
   * ignored, and its sequence is returned all the same (a replay after a crash is harmless).
   *
   * <p>Sequences are unsigned 64-bit numbers in the protocol; every backend stores those up to
   * 2<sup>63</sup> - 1 ({@link Long#MAX_VALUE}) and refuses a larger one (a negative {@code long})
   * with {@link InvalidArgumentException}, leaving the log as it was. Such a sequence is never
   * taken for a replay.
   *
   * <p>A gap costs bounded work and space whatever its size (see {@link #lookup}).
   *
   * @return the message's sequence
   * @throws InvalidArgumentException if the sequence is 2<sup>63</sup> or above
   */
  long store(MsgProto msg);

  /**
   * The message with this sequence, or empty when it is not (or no longer) stored. A backend that
   * keeps the NATS Streaming file format fills a gap in the sequences with placeholder records, and
   * returns such a placeholder (its sequence and the channel as subject, no data) for a sequence
   * inside a gap; placeholders are counted by {@link #state()}. It fills only gaps of a bounded
   * size, at least 1,000 missing sequences (the file backend: up to {@code 1024}); inside a larger
   * gap nothing is kept, as in every other backend: lookups there are empty and the gap adds
   * nothing to the count, so that no gap, however large, costs more than bounded work and space.
   */
  Optional<MsgProto> lookup(long seq);

  /** Sequence of the oldest stored message; 0 when nothing was ever stored, last + 1 when all expired. */
  long firstSequence();

  /** Sequence of the newest message ever stored; 0 when nothing was ever stored. */
  long lastSequence();

  /** {@link #firstSequence()} and {@link #lastSequence()} read atomically. */
  SequenceRange firstAndLastSequence();

  /**
   * The first sequence whose timestamp is at or after {@code timestampNanos}: the first sequence when
   * the time is at or before the first message's, {@code last + 1} when it is after the last message's,
   * and 0 when the store is empty.
   */
  long sequenceForTimestamp(long timestampNanos);

  /** The oldest stored message, if any. */
  Optional<MsgProto> firstMsg();

  /** The newest stored message, if any. */
  Optional<MsgProto> lastMsg();

  /** Makes every message stored so far durable before returning (a no-op for memory stores). */
  void flush();

  /**
   * Removes every message. Sequences continue from where they were: afterwards {@link
   * #lastSequence()} is unchanged and {@link #firstSequence()} is {@code last + 1} (both stay 0 when
   * nothing was ever stored).
   */
  void empty();

  /** Flushes and releases this channel's resources; later calls fail with {@link StoreClosedException}. */
  void close();
}
