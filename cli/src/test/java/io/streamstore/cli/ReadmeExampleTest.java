package io.streamstore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.spi.MsgStore;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage example of the root {@code README.md}, taken from the README itself (the only copy),
 * compiled and run: on the memory backend, and twice on each persistent URL (file, H2 file), where
 * the second run must find the first run's channel and append to it. Only the URL is swapped.
 */
class ReadmeExampleTest {

  private static final String EXAMPLE_URL = "\"streamstore:memory:?maxMsgs=1000\"";

  private static Method example;

  @TempDir static Path build;
  @TempDir Path tmp;

  /** Compiles the README's first Java block as the body of {@code run(String url)}. */
  @BeforeAll
  static void compileTheReadmeExample() throws Exception {
    Path readme = Paths.get("").toAbsolutePath().getParent().resolve("README.md");
    Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL)
        .matcher(Files.readString(readme, StandardCharsets.UTF_8));
    assertThat(block.find()).as("a ```java block in " + readme).isTrue();
    List<String> imports = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    for (String line : block.group(1).split("\n")) {
      if (line.startsWith("import ")) {
        imports.add(line);
      } else {
        body.append("    ").append(line).append('\n');
      }
    }
    String code = body.toString();
    assertThat(code.split(Pattern.quote(EXAMPLE_URL), -1)).as("the URL appears once").hasSize(2);
    String source = String.join("\n", imports) + "\n\npublic final class ReadmeExample {\n"
        + "  public static void run(String url) throws Exception {\n"
        + code.replace(EXAMPLE_URL, "url") + "  }\n}\n";
    Path src = build.resolve("ReadmeExample.java");
    Files.writeString(src, source, StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter diagnostics = new StringWriter();
    boolean ok = javac.getTask(diagnostics, null, null,
        List.of("-classpath", System.getProperty("java.class.path"), "-d", build.toString()),
        null, javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(src)).call();
    assertThat(ok).as("the README example compiles:\n" + diagnostics + "\n" + source).isTrue();
    URLClassLoader loader = new URLClassLoader(new URL[] {build.toUri().toURL()},
        ReadmeExampleTest.class.getClassLoader());
    example = loader.loadClass("ReadmeExample").getMethod("run", String.class);
  }

  private static String run(String url) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      example.invoke(null, url);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).strip();
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Test
  void runsAsWrittenOnTheMemoryBackend() throws Exception {
    assertThat(run("streamstore:memory:?maxMsgs=1000")).isEqualTo("1 hello");
  }

  @Test
  void runsTwiceOnAFileStoreAndAppendsToTheRecoveredChannel() throws Exception {
    runTwice("streamstore:file:" + tmp.resolve("store"));
  }

  @Test
  void runsTwiceOnAnH2StoreAndAppendsToTheRecoveredChannel() throws Exception {
    runTwice("streamstore:jdbc:h2:" + tmp.resolve("db"));
  }

  private void runTwice(String url) throws Exception {
    long before = nowNanos();
    assertThat(run(url)).isEqualTo("1 hello");
    assertThat(run(url)).isEqualTo("2 hello");
    long after = nowNanos();
    try (Store store = Stores.open(url)) {
      RecoveredState state = store.recover().orElseThrow();
      assertThat(state.info().getClusterID()).isEqualTo("demo");
      MsgStore msgs = state.channels().get("orders").channel().msgs();
      assertThat(msgs.state().count()).isEqualTo(2);
      for (long seq = 1; seq <= 2; seq++) {
        MsgProto m = msgs.lookup(seq).orElseThrow();
        assertThat(m.getTimestamp()).as("epoch nanoseconds of the run").isBetween(before, after);
      }
    }
  }
}
