/**
 * When {@code subs.dat} and {@code clients.dat} are compacted ({@link
 * io.streamstore.file.compact.CompactionPolicy}, the NATS Streaming rule of fragmentation, minimum
 * size and interval). The rewrite itself is {@link io.streamstore.file.meta.RecordLog#replaceWith}:
 * live records to a temp file, forced, atomically moved over the old file, directory forced; the
 * owners ({@code FileSubStore}, {@code ClientsFile}) supply the live records.
 */
package io.streamstore.file.compact;
