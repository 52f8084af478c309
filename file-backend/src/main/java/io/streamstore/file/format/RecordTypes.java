package io.streamstore.file.format;

/**
 * Type codes of typed records (the high byte of the record header). Message records are untyped.
 * The values are those of the NATS Streaming file store and must never change.
 */
public final class RecordTypes {

  /** The type of an untyped record (server.dat, message data). */
  public static final int UNTYPED = 0;

  /** subs.dat: a new subscription, payload SubState. */
  public static final int SUB_NEW = 1;
  /** subs.dat: an updated subscription, payload SubState. */
  public static final int SUB_UPDATE = 2;
  /** subs.dat: a deleted subscription, payload SubStateDelete. */
  public static final int SUB_DELETE = 3;
  /** subs.dat: an acknowledged sequence, payload SubStateUpdate. */
  public static final int SUB_ACK = 4;
  /** subs.dat: a sequence sent and pending, payload SubStateUpdate. */
  public static final int SUB_PENDING = 5;

  /** clients.dat: a client added, payload ClientInfo. */
  public static final int CLIENT_ADD = 1;
  /** clients.dat: a client deleted, payload ClientDelete. */
  public static final int CLIENT_DELETE = 2;

  /** Largest payload a typed record can carry (its size has 24 bits). */
  public static final int MAX_TYPED_SIZE = 0xFFFFFF;

  private RecordTypes() {}
}
