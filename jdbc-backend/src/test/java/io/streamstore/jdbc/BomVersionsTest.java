package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM manages the JDBC drivers this module is tested with, at the versions the build uses. The
 * BOM cannot inherit the parent's properties (it must not impose our build on importers), so this
 * test keeps the two copies equal.
 */
class BomVersionsTest {

  private static String property(Path pom, String name) throws Exception {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
    assertThat(m.find()).as(name + " in " + pom).isTrue();
    return m.group(1).trim();
  }

  @Test
  void theBomManagesEveryTestedDriverAtTheBuildsVersion() throws Exception {
    Path parent = Path.of("..", "pom.xml");
    Path bom = Path.of("..", "bom", "pom.xml");
    String bomText = Files.readString(bom);
    for (String artifact : List.of("h2", "postgresql", "mariadb-java-client", "mysql-connector-j")) {
      assertThat(bomText).contains("<artifactId>" + artifact + "</artifactId>");
    }
    for (String version : List.of("h2.version", "postgresql.version", "mariadb.version",
        "mysql.version")) {
      assertThat(property(bom, version)).as(version).isEqualTo(property(parent, version));
    }
  }
}
