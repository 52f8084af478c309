package io.streamstore.spi;

import io.streamstore.proto.SubState;

/**
 * The subscriptions of one channel and, per subscription, the sequences sent but not yet
 * acknowledged (the pending set).
 *
 * <p>Thread-safe. Losing an acknowledgement in a crash only causes a redelivery; losing a created
 * subscription after {@link #flush()} returned is a bug.
 */
public interface SubStore {

  /**
   * Stores a new subscription and assigns it an id, larger than every id this channel ever handed
   * out (also across restarts). The {@code ID} field of {@code sub} is ignored.
   *
   * @return the assigned id
   * @throws TooManySubscriptionsException past the channel's {@link SubStoreLimits#maxSubscriptions()}
   */
  long createSub(SubState sub);

  /**
   * Replaces a subscription's state (matched by {@link SubState#getID()}); its pending set is kept.
   *
   * @throws NotFoundException if the id is unknown
   */
  void updateSub(SubState sub);

  /**
   * Removes a subscription and its pending set.
   *
   * @throws NotFoundException if the id is unknown
   */
  void deleteSub(long subId);

  /**
   * Records that {@code seq} was sent to the subscription and awaits an ack; also moves the
   * subscription's {@code lastSent} up to {@code seq}.
   *
   * <p>Every backend checks in the same order: a closed store first ({@link
   * StoreClosedException}), then the sequence, then the id. A sequence that is not positive is
   * refused whether or not the id exists: it is wrong for any subscription, and checking it needs
   * no state.
   *
   * @throws InvalidArgumentException if {@code seq} is not positive (also for an unknown id)
   * @throws NotFoundException if the id is unknown and {@code seq} is positive
   */
  void addSeqPending(long subId, long seq);

  /**
   * Records the acknowledgement of {@code seq}; acknowledging a sequence that is not pending does
   * nothing.
   *
   * @throws NotFoundException if the id is unknown
   */
  void ackSeqPending(long subId, long seq);

  /** Makes every change so far durable before returning (a no-op for memory stores). */
  void flush();

  /** Flushes and releases this store; later calls fail with {@link StoreClosedException}. */
  void close();
}
