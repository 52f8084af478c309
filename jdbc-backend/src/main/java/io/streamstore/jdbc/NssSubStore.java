package io.streamstore.jdbc;

import io.streamstore.proto.SubState;
import io.streamstore.spi.SubStore;

/** A channel's subscriptions in NATS Streaming's SQL layout: recovered, never changed. */
final class NssSubStore implements SubStore {

  private final String channel;

  NssSubStore(String channel) {
    this.channel = channel;
  }

  @Override
  public long createSub(SubState sub) {
    throw NssSqlStore.readOnly("create a subscription in channel '" + channel + "'");
  }

  @Override
  public void updateSub(SubState sub) {
    throw NssSqlStore.readOnly("update subscription " + sub.getID() + " of channel '" + channel + "'");
  }

  @Override
  public void deleteSub(long subId) {
    throw NssSqlStore.readOnly("delete subscription " + subId + " of channel '" + channel + "'");
  }

  @Override
  public void addSeqPending(long subId, long seq) {
    throw NssSqlStore.readOnly("add pending sequence " + seq + " to subscription " + subId
        + " of channel '" + channel + "'");
  }

  @Override
  public void ackSeqPending(long subId, long seq) {
    throw NssSqlStore.readOnly("acknowledge sequence " + seq + " of subscription " + subId
        + " of channel '" + channel + "'");
  }

  @Override
  public void flush() {
    // nothing is ever buffered
  }

  @Override
  public void close() {
    // nothing to release
  }
}
