/**
 * The store's metadata files and the record-file machinery they share: {@code server.dat}
 * ({@link io.streamstore.file.meta.ServerInfoFile}, replaced atomically), {@code clients.dat}
 * ({@link io.streamstore.file.meta.ClientsFile}), the append-only typed record file behind it and
 * {@code subs.dat} ({@link io.streamstore.file.meta.RecordLog}), the bounded front-to-back reader used
 * by recovery and the tools ({@link io.streamstore.file.meta.RecordFileReader}), and whole-file
 * replacement ({@link io.streamstore.file.meta.AtomicReplace}: temp file, force, atomic move, directory
 * force). Every file access goes through {@link io.streamstore.file.io.FileIO}.
 */
package io.streamstore.file.meta;
