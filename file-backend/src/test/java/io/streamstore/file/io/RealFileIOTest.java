package io.streamstore.file.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealFileIOTest {

  @TempDir Path tmp;
  private final FileIO io = FileIO.real();

  @Test
  void positionalWritesReadsTruncateAndForce() throws Exception {
    Path f = tmp.resolve("a");
    try (FileHandle h = io.open(f, FileIO.OpenMode.CREATE_NEW)) {
      h.writeFully(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}), 0);
      h.writeFully(ByteBuffer.wrap(new byte[] {9}), 2);
      h.force(false);
      assertThat(h.size()).isEqualTo(5);
      ByteBuffer b = ByteBuffer.allocate(3);
      h.readFully(b, 1);
      assertThat(b.array()).containsExactly(2, 9, 4);
      assertThat(h.append(ByteBuffer.wrap(new byte[] {7}))).isEqualTo(5);
      assertThat(h.size()).isEqualTo(6);
      h.truncate(2);
      assertThat(h.size()).isEqualTo(2);
      assertThatThrownBy(() -> h.readFully(ByteBuffer.allocate(3), 1))
          .isInstanceOf(java.io.EOFException.class);
    }
    assertThatThrownBy(() -> io.open(f, FileIO.OpenMode.CREATE_NEW))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> io.open(tmp.resolve("missing"), FileIO.OpenMode.READ))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void directoriesMovesAndDeletes() throws Exception {
    Path d = tmp.resolve("x/y");
    io.createDirectories(d);
    assertThat(io.isDirectory(d)).isTrue();
    Path a = d.resolve("a");
    Files.writeString(a, "hello");
    io.move(a, d.resolve("b"));
    io.forceDirectory(d);
    assertThat(io.list(d)).containsExactly(d.resolve("b"));
    assertThat(io.size(d.resolve("b"))).isEqualTo(5);
    assertThat(io.deleteIfExists(d.resolve("b"))).isTrue();
    assertThat(io.deleteIfExists(d.resolve("b"))).isFalse();
    assertThat(io.exists(d.resolve("b"))).isFalse();
  }

  @Test
  void lockIsExclusiveWithinTheProcess() throws Exception {
    Path f = tmp.resolve("lock");
    try (FileHandle h1 = io.open(f, FileIO.OpenMode.READ_WRITE);
        FileHandle h2 = io.open(f, FileIO.OpenMode.READ_WRITE)) {
      assertThat(h1.tryLock()).isTrue();
      assertThat(h1.tryLock()).isTrue();
      assertThat(h2.tryLock()).isFalse();
    }
  }
}
