package io.streamstore.spi;

/**
 * Size of a message log.
 *
 * @param count number of stored messages
 * @param bytes their size as the backend accounts it (for the file backend, as NATS Streaming: the
 *     serialized message plus record header and index entry)
 */
public record MsgStoreState(long count, long bytes) {}
