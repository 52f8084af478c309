package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the real {@code cli/target/streamstore.jar} in a separate JVM (integration-test phase, after
 * {@code package} built it): the shaded jar must find every driver and behave as in-process.
 */
class StreamstoreJarIT {

  private static Path jar;

  record Result(int exitCode, String out, String err) {}

  @BeforeAll
  static void findJar() {
    String configured = System.getProperty("streamstore.cli.jar", "target/streamstore.jar");
    jar = Paths.get(configured);
    assumeTrue(Files.isRegularFile(jar),
        "the shaded jar " + jar + " was not built (run 'mvn package' first)");
  }

  static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile("cli-out", ".txt");
    Path err = Files.createTempFile("cli-err", ".txt");
    try {
      Process p = new ProcessBuilder(command)
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the jar did not finish within 120 s: " + command);
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  @Test
  void versionListsEveryShadedBackend() throws Exception {
    Result r = run("--version");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("streamstore:memory:");
  }

  @Test
  void benchRunsFromTheJar() throws Exception {
    Result r = run("bench", "streamstore:memory:", "--scale", "0.001", "--workloads", "W1,W6");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("W1", "W6", "OPS/S");
  }

  @Test
  void aUserMistakeIsOneLineWithExitCode2() throws Exception {
    Result r = run("info", "nonsense");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).doesNotContain("\n\tat ").contains("not a store URL");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void verifyFindsTheDamageInANatsDirectoryFromTheJar(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = Fixtures.copy("crc-bad", tmp);
    Result r = run("verify", "streamstore:file:" + dir);
    assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("PROBLEM foo/msgs.1.dat offset 139970: BAD_CRC");
  }

  @Test
  void copyIntoH2FromTheJarFindsEveryDriver(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path dir = Fixtures.copy("basic", tmp);
    Result r = run("copy", "-q", "streamstore:file:" + dir, "streamstore:jdbc:h2:" + tmp.resolve("h2"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("copied 3,000 message(s)").contains("verified:");
    assertThat(r.err()).isEmpty();
  }
}
