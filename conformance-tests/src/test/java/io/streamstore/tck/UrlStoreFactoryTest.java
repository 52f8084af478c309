package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** URL templates: placeholders, temporary directories, capabilities from system properties. */
class UrlStoreFactoryTest {

  @Test
  void nPlaceholderGivesEachLocationItsOwnName() throws Exception {
    UrlStoreFactory f = new UrlStoreFactory("streamstore:x:db_{n}?a={n}");
    String a = f.newLocation().toString();
    String b = f.newLocation().toString();
    assertThat(a).isNotEqualTo(b).matches("streamstore:x:db_tck_[a-z0-9]+_\\d+\\?a=tck_.*");
    String name = a.substring("streamstore:x:db_".length(), a.indexOf('?'));
    assertThat(a).endsWith("a=" + name);
  }

  @Test
  void tmpPlaceholderIsANewDirectoryDeletedWithTheLocation() throws Exception {
    UrlStoreFactory f = new UrlStoreFactory("streamstore:file:{tmp}/store");
    StoreLocation location = f.newLocation();
    String url = location.toString();
    Path dir = Path.of(url.substring("streamstore:file:".length(), url.length() - "/store".length()));
    assertThat(dir).isDirectory().isEmptyDirectory();
    Files.createDirectories(dir.resolve("store/sub"));
    Files.writeString(dir.resolve("store/sub/file.dat"), "data");
    location.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void capabilitiesAreParsedCaseInsensitively() {
    assertThat(UrlStoreFactory.parseCapabilities(" persistent, Exclusive-Lock ,,BACKGROUND_EXPIRY"))
        .containsExactly(
            Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
    assertThat(UrlStoreFactory.parseCapabilities("")).isEmpty();
    assertThatThrownBy(() -> UrlStoreFactory.parseCapabilities("durable"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durable");
  }

  @Test
  void withoutTheUrlPropertyTheTestIsAbortedNotFailed() {
    String before = System.getProperty(UrlStoreFactory.URL_PROPERTY);
    System.clearProperty(UrlStoreFactory.URL_PROPERTY);
    try {
      assertThatThrownBy(UrlStoreFactory::fromSystemProperties)
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining(UrlStoreFactory.URL_PROPERTY);
    } finally {
      if (before != null) {
        System.setProperty(UrlStoreFactory.URL_PROPERTY, before);
      }
    }
  }

  @Test
  void factoryOfWrapsASupplier() throws Exception {
    StoreLocation loc = () -> null;
    StoreFactory f = StoreFactory.of(() -> loc, Capability.PERSISTENT);
    assertThat(f.newLocation()).isSameAs(loc);
    assertThat(f.capabilities()).containsExactly(Capability.PERSISTENT);
    assertThat(StoreFactory.of(() -> loc).capabilities()).isEmpty();
  }
}
