package io.streamstore.file;

import io.streamstore.file.log.MessageLog;
import io.streamstore.file.log.MsgLogContext;
import io.streamstore.file.recovery.MsgLogRecovery;
import io.streamstore.file.recovery.MsgLogRecoveryReport;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.MsgStoreLimits;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.SequenceRange;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The message log of one channel in files, byte-compatible with the NATS Streaming file store
 * (format 1): {@code msgs.N.dat} + {@code msgs.N.idx} slices in the channel directory.
 *
 * <p>Durability: {@link #flush()} returns once every message stored before it is written to the OS
 * and, with {@code doSync} (the default), forced to the disk; concurrent flushes of any channel of
 * the store share one force (group commit). Without {@code doSync} a flush survives a process crash
 * but not an OS crash. After an I/O error on a write, force, truncate or rename, the store refuses
 * writes with {@link StoreIOException} until it is reopened. Thread-safe.
 */
public final class FileMsgStore implements MsgStore {

  private final MessageLog log;

  private FileMsgStore(MessageLog log) {
    this.log = log;
  }

  /**
   * A new, empty message log in {@code channelDir}, which the caller created (and whose parent it
   * forced). Slice files are created on the first store.
   */
  public static FileMsgStore create(
      MsgLogContext ctx, Path channelDir, String channel, MsgStoreLimits limits) {
    return new FileMsgStore(
        MessageLog.open(ctx, channelDir, channel, limits, MsgLogRecovery.Result.none(channel)));
  }

  /**
   * Recovers the message log of {@code channelDir}, then applies the limits (count, bytes, and age
   * right away).
   *
   * @throws io.streamstore.spi.CorruptedDataException naming the damaged file and offset
   * @throws StoreIOException when the file system fails
   */
  public static FileMsgStore recover(
      MsgLogContext ctx, Path channelDir, String channel, MsgStoreLimits limits) {
    MsgLogRecovery.Result r;
    try {
      r = MsgLogRecovery.recover(ctx.io(), channelDir, channel, ctx.options());
    } catch (IOException e) {
      throw new StoreIOException("cannot recover the message log of channel '" + channel + "' in "
          + channelDir, e);
    }
    return new FileMsgStore(MessageLog.open(ctx, channelDir, channel, limits, r));
  }

  /** What recovery found and did (empty for a created store). */
  public MsgLogRecoveryReport recoveryReport() {
    return log.recoveryReport();
  }

  @Override
  public MsgStoreState state() {
    return log.state();
  }

  @Override
  public long store(MsgProto msg) {
    return log.store(msg);
  }

  @Override
  public Optional<MsgProto> lookup(long seq) {
    return Optional.ofNullable(log.lookup(seq));
  }

  @Override
  public long firstSequence() {
    return log.range().first();
  }

  @Override
  public long lastSequence() {
    return log.range().last();
  }

  @Override
  public SequenceRange firstAndLastSequence() {
    return log.range();
  }

  @Override
  public long sequenceForTimestamp(long timestampNanos) {
    return log.sequenceForTimestamp(timestampNanos);
  }

  @Override
  public Optional<MsgProto> firstMsg() {
    return Optional.ofNullable(log.firstMsg());
  }

  @Override
  public Optional<MsgProto> lastMsg() {
    return Optional.ofNullable(log.lastMsg());
  }

  @Override
  public void flush() {
    log.flush();
  }

  @Override
  public void empty() {
    log.empty();
  }

  @Override
  public void close() {
    log.close();
  }

  /** Whether an I/O error put this store in its failed state. */
  public boolean failed() {
    return log.failed();
  }
}
