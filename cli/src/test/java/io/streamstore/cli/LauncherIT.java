package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code streamstore} launcher next to the jar: it finds the jar relative to itself. */
class LauncherIT {

  @TempDir Path tmp;

  private static ShadedJar.Result launch(Path script, Path cwd, String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder();
    pb.command().add(script.toAbsolutePath().toString());
    pb.command().addAll(java.util.List.of(args));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return ShadedJar.run(pb.directory(cwd.toFile()));
  }

  @Test
  void theLauncherRunsTheJarNextToItFromAnyDirectory() throws Exception {
    ShadedJar.jar();
    ShadedJar.Result r = launch(ShadedJar.launcher(), tmp, "--version");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("streamstore:file:", "streamstore:jdbc:");
    ShadedJar.Result bench = launch(ShadedJar.launcher(), tmp, "bench", "streamstore:memory:",
        "--scale", "0.001", "--workloads", "W1");
    assertThat(bench.exitCode()).as(bench.toString()).isZero();
  }

  @Test
  void aLinkToTheLauncherFindsTheJarNextToTheRealFile() throws Exception {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path link = Files.createSymbolicLink(bin.resolve("streamstore"),
        ShadedJar.launcher().toAbsolutePath());
    ShadedJar.Result r = launch(link, tmp, "info", "streamstore:memory:");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Type:      MEMORY");
  }

  @Test
  void withoutTheJarItSaysHowToBuildIt() throws Exception {
    Path alone = tmp.resolve("streamstore");
    Files.copy(ShadedJar.launcher(), alone);
    alone.toFile().setExecutable(true);
    ShadedJar.Result r = launch(alone, tmp, "--version");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("streamstore.jar is missing").contains("mvn");
  }
}
