package io.streamstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.spi.InvalidOptionException;
import org.junit.jupiter.api.Test;

class StoreUrlTest {

  @Test
  void splitsBackendLocationAndQuery() {
    StoreUrl url = StoreUrl.parse("streamstore:jdbc:postgresql://db:5432/app?user=me&maxPoolSize=4");
    assertThat(url.backend()).isEqualTo("jdbc");
    assertThat(url.location()).isEqualTo("postgresql://db:5432/app");
    assertThat(url.rawQuery()).isEqualTo("user=me&maxPoolSize=4");
    assertThat(url.options()).containsExactly(
        java.util.Map.entry("user", "me"), java.util.Map.entry("maxPoolSize", "4"));
  }

  @Test
  void memoryUrlMayHaveAnEmptyLocation() {
    StoreUrl url = StoreUrl.parse("streamstore:memory:");
    assertThat(url.isBackend("memory")).isTrue();
    assertThat(url.location()).isEmpty();
    assertThat(url.options()).isEmpty();
  }

  @Test
  void optionsArePercentDecoded() {
    StoreUrl url = StoreUrl.parse("streamstore:file:/tmp/a%20b?sliceArchiveScript=%2Fbin%2Farchive%20it");
    assertThat(url.location()).isEqualTo("/tmp/a%20b");
    assertThat(url.options()).containsEntry("sliceArchiveScript", "/bin/archive it");
  }

  @Test
  void repeatedOrMalformedOptionsAreRefused() {
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?a=1&a=2"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("twice");
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?novalue"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("key=value");
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:memory:?a=%zz"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("percent");
  }

  @Test
  void redactHidesPasswordsInQueriesUserInfoAndH2Settings() {
    assertThat(StoreUrl.redact("streamstore:jdbc:postgresql://db/app?user=me&password=s3cret&ssl=true"))
        .isEqualTo("streamstore:jdbc:postgresql://db/app?user=me&password=***&ssl=true");
    assertThat(StoreUrl.redact("jdbc:mariadb://me:s3cret@db:3306/app?user=me"))
        .isEqualTo("jdbc:mariadb://me:***@db:3306/app?user=me");
    assertThat(StoreUrl.redact("jdbc:h2:file:./db;USER=sa;PASSWORD=s3cret;MODE=Regular"))
        .isEqualTo("jdbc:h2:file:./db;USER=sa;PASSWORD=***;MODE=Regular");
    assertThat(StoreUrl.redact("cannot open streamstore:jdbc:x://h/d?pwd=a&apiToken=b&sslpassword=c"
        + "&encryptionKey=d&clientSecret=e&pass=f: refused"))
        .isEqualTo("cannot open streamstore:jdbc:x://h/d?pwd=***&apiToken=***&sslpassword=***"
            + "&encryptionKey=***&clientSecret=***&pass=***: refused");
    assertThat(StoreUrl.redact("streamstore:file:/var/lib/store?doSync=false&maxMsgs=10"))
        .isEqualTo("streamstore:file:/var/lib/store?doSync=false&maxMsgs=10");
  }

  @Test
  void aStoreUrlNeverShowsItsPassword() {
    StoreUrl url = StoreUrl.parse("streamstore:jdbc:postgresql://u:pw1@db/app?password=pw2");
    assertThat(url.toString()).doesNotContain("pw1").doesNotContain("pw2");
    assertThat(url.redacted()).isEqualTo("streamstore:jdbc:postgresql://u:***@db/app?password=***");
    assertThatThrownBy(() -> StoreUrl.parse("streamstore:x:?password=pw3&password=pw3"))
        .hasMessageNotContaining("pw3");
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", "u");
    p.setProperty("password", "pw4");
    assertThat(StoreUrl.redact(p)).containsEntry("user", "u").containsEntry("password", "***");
  }

  @Test
  void theSecretsOfAUrlAreMaskedWhereverADriverQuotesThem() {
    String url = "streamstore:jdbc:mariadb://root:pw%40one@db/app?password=two-2&user=x";
    assertThat(StoreUrl.secrets(url)).containsExactlyInAnyOrder("pw%40one", "pw@one", "two-2");
    assertThat(StoreUrl.redact("Incorrect port value : pw@one@db; got two-2", StoreUrl.secrets(url)))
        .isEqualTo("Incorrect port value : ***@db; got ***");
  }
}
