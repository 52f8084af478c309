package io.streamstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.NoSuitableDriverException;
import io.streamstore.spi.Store;
import io.streamstore.testdriver.EchoDriver;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StoresTest {

  @Test
  void driversAreFoundThroughServiceLoader() {
    assertThat(Stores.drivers()).extracting(d -> d.backend()).contains("echo", "twin");
  }

  @Test
  void theDriverThatAcceptsTheUrlOpensIt() {
    Properties props = new Properties();
    props.setProperty("greeting", "hi");
    try (Store store = Stores.open("streamstore:echo:somewhere?flag=true", props)) {
      EchoDriver.EchoStore echo = (EchoDriver.EchoStore) store;
      assertThat(echo.url().location()).isEqualTo("somewhere");
      assertThat(echo.greeting()).isEqualTo("hi");
      assertThat(echo.flag()).isTrue();
    }
  }

  @Test
  void unknownOptionIsRefusedByName() {
    assertThatThrownBy(() -> Stores.open("streamstore:echo:x?flg=true"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("flg")
        .hasMessageContaining("flag");
  }

  @Test
  void noSuitableDriverListsTheInstalledBackends() {
    assertThatThrownBy(() -> Stores.open("streamstore:nosuch:x"))
        .isInstanceOf(NoSuitableDriverException.class)
        .hasMessageContaining("no suitable driver")
        .hasMessageContaining("streamstore:echo:");
  }

  @Test
  void twoDriversClaimingOneUrlIsReportedPlainly() {
    assertThatThrownBy(() -> Stores.open("streamstore:twin:x"))
        .isInstanceOf(NoSuitableDriverException.class)
        .hasMessageContaining("more than one driver");
  }

  @Test
  void malformedUrlsAreRefusedWithAHint() {
    assertThatThrownBy(() -> Stores.open("jdbc:h2:mem:x"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("streamstore:<backend>");
    assertThatThrownBy(() -> Stores.open("streamstore:"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("no backend");
  }
}
