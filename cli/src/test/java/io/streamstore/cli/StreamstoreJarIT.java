package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code cli/target/streamstore.jar} in a separate JVM (integration-test phase, after
 * {@code package} built it): the shaded jar must find every driver and behave as in-process.
 */
class StreamstoreJarIT {

  @BeforeAll
  static void findJar() {
    ShadedJar.jar();
  }

  static ShadedJar.Result run(String... args) throws IOException, InterruptedException {
    return ShadedJar.run(args);
  }

  @Test
  void versionListsEveryShadedBackend() throws Exception {
    ShadedJar.Result r = run("--version");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("streamstore:memory:");
  }

  @Test
  void benchRunsFromTheJar() throws Exception {
    ShadedJar.Result r = run("bench", "streamstore:memory:", "--scale", "0.001", "--workloads", "W1,W6");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("W1", "W6", "OPS/S");
  }

  @Test
  void aUserMistakeIsOneLineWithExitCode2() throws Exception {
    ShadedJar.Result r = run("info", "nonsense");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n\tat ").contains("not a store URL");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyFindsTheDamageInANatsDirectoryFromTheJar(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = Fixtures.copy("crc-bad", tmp);
    ShadedJar.Result r = run("verify", "streamstore:file:" + dir);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("PROBLEM foo/msgs.1.dat offset 139970: BAD_CRC");
  }

  @Test
  void copyIntoH2FromTheJarFindsEveryDriver(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = Fixtures.copy("basic", tmp);
    ShadedJar.Result r = run("copy", "-q", "streamstore:file:" + dir, "streamstore:jdbc:h2:" + tmp.resolve("h2"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("copied 3,000 message(s)").contains("verified:");
    assertThat(r.err()).isEmpty();
  }
}
