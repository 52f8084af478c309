package io.streamstore.spi;

/**
 * First and last sequence of a message log, read together.
 *
 * @param first sequence of the oldest stored message (0 when nothing was ever stored)
 * @param last sequence of the newest message ever stored (0 when nothing was ever stored)
 */
public record SequenceRange(long first, long last) {}
