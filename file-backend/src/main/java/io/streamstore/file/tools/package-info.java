/**
 * Offline tools over a store directory, for the CLI's {@code verify} and {@code repair} commands:
 * {@link io.streamstore.file.tools.StoreVerifier} (read-only, reports every problem with file, offset
 * and kind) and {@link io.streamstore.file.tools.StoreRepair} (backs up, cuts torn tails, rebuilds
 * indexes, rewrites damaged metadata files, and reports exactly what was lost).
 */
package io.streamstore.file.tools;
