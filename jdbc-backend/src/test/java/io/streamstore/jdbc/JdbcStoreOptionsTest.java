package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.StoreUrl;
import io.streamstore.Stores;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.StoreDriver;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** How URLs and properties become JDBC URLs, driver properties and our options. */
class JdbcStoreOptionsTest {

  private static JdbcStoreOptions parse(String url) {
    return JdbcStoreOptions.parse(StoreUrl.parse(url), new Properties());
  }

  @Test
  void defaultsAreDocumentedValues() {
    JdbcStoreOptions o = parse("streamstore:jdbc:h2:mem:x");
    assertThat(o.jdbcUrl()).isEqualTo("jdbc:h2:mem:x");
    assertThat(o.maxPoolSize()).isEqualTo(4);
    assertThat(o.batchSize()).isEqualTo(1000);
    assertThat(o.noCaching()).isFalse();
    assertThat(o.lockLease()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.tablePrefix()).isEqualTo("ss_");
    assertThat(o.limits().channelLimits().maxMsgs()).isEqualTo(1_000_000);
  }

  @Test
  void ourOptionsAreTakenOutAndTheDriversPassThroughUntouched() {
    JdbcStoreOptions o = parse("streamstore:jdbc:postgresql://db:5432/app?user=app&batchSize=50"
        + "&password=p%26w&noCaching=true&maxMsgs=10&ssl=false&lockLease=3s&maxPoolSize=2");
    assertThat(o.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/app?user=app&password=p%26w&ssl=false");
    assertThat(o.batchSize()).isEqualTo(50);
    assertThat(o.noCaching()).isTrue();
    assertThat(o.lockLease()).isEqualTo(Duration.ofSeconds(3));
    assertThat(o.maxPoolSize()).isEqualTo(2);
    assertThat(o.limits().channelLimits().maxMsgs()).isEqualTo(10);
    assertThat(o.dialect()).isInstanceOf(PostgresDialect.class);
  }

  @Test
  void h2KeepsItsSemicolonParametersAndGetsPassThroughOptionsTheSameWay() {
    JdbcStoreOptions o = parse("streamstore:jdbc:h2:file:./data/store;MODE=Regular?batchSize=10"
        + "&CACHE_SIZE=8192");
    assertThat(o.jdbcUrl()).isEqualTo("jdbc:h2:file:./data/store;MODE=Regular;CACHE_SIZE=8192");
    assertThat(o.batchSize()).isEqualTo(10);
  }

  @Test
  void propertiesThatAreNotOursBecomeDriverProperties() {
    Properties p = new Properties();
    p.setProperty("password", "secret");
    p.setProperty("batchSize", "7");
    JdbcStoreOptions o =
        JdbcStoreOptions.parse(StoreUrl.parse("streamstore:jdbc:mariadb://h/db?user=u"), p);
    assertThat(o.driverProperties()).containsOnlyKeys("password");
    assertThat(o.batchSize()).isEqualTo(7);
    assertThat(o.dialect()).isInstanceOf(MariaDbDialect.class);
    assertThat(o.toString()).doesNotContain("secret");
  }

  @Test
  void aMisspeltOptionOfOursIsRefusedInsteadOfPassedOn() {
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?batchsize=10"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("batchSize");
  }

  @Test
  void aTypoThatIsNeitherOursNorTheDriversIsRefusedWithTheNearestName() {
    assertThatThrownBy(() -> parse("streamstore:jdbc:postgresql://db/app?user=u&maxMsg=100"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'maxMsg' is not known").hasMessageContaining("did you mean 'maxMsgs'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:mariadb://db/app?user=u&maxPoolSise=2"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("'maxPoolSise'").hasMessageContaining("did you mean 'maxPoolSize'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:postgresql://db/app?user=u&sslmod=require"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("did you mean 'sslmode'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:mysql://db/app?user=u&useSeverPrepStmts=true"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("did you mean 'useServerPrepStmts'");
    Properties typo = new Properties();
    typo.setProperty("pasword", "secret");
    assertThatThrownBy(() -> JdbcStoreOptions.parse(
        StoreUrl.parse("streamstore:jdbc:postgresql://db/app?user=u"), typo))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("did you mean 'password'")
        .hasMessageNotContaining("secret");
  }

  @Test
  void theDriversOwnPropertiesStillPassThrough() {
    assertThat(parse("streamstore:jdbc:postgresql://db/app?user=u&password=p&sslmode=disable"
        + "&ssl=false&currentSchema=s1&ApplicationName=a&connectTimeout=1").jdbcUrl())
        .endsWith("&ApplicationName=a&connectTimeout=1");
    // MariaDB Connector/J matches its property names ignoring case
    assertThat(parse("streamstore:jdbc:mariadb://db/app?user=u&sslmode=disable"
        + "&allowMultiQueries=false").jdbcUrl()).endsWith("&allowMultiQueries=false");
    // H2 declares no property names and refuses unknown settings itself
    assertThat(parse("streamstore:jdbc:h2:mem:x?CACHE_SIZE=8192").jdbcUrl())
        .isEqualTo("jdbc:h2:mem:x;CACHE_SIZE=8192");
  }

  @Test
  void postgresPropertyNamesMustMatchExactly() {
    assertThatThrownBy(() -> parse("streamstore:jdbc:postgresql://db/app?applicationname=a"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("did you mean 'ApplicationName'");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?batchSize=0"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'batchSize'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?maxPoolSize=abc"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'maxPoolSize'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?lockLease=10"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'lockLease'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?tablePrefix=x;drop"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'tablePrefix'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?schema=a.b"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'schema'");
    assertThatThrownBy(() -> parse("streamstore:jdbc:h2:mem:x?tablePrefix=Upper"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("'tablePrefix'");
  }

  @Test
  void unsupportedDatabasesAndEmptyLocationsAreRefused() {
    assertThatThrownBy(() -> parse("streamstore:jdbc:sqlite:/tmp/x.db"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("jdbc:postgresql:");
    assertThatThrownBy(() -> parse("streamstore:jdbc:"))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("names no database");
  }

  @Test
  void theDriverIsFoundByServiceLoader() {
    assertThat(Stores.drivers()).extracting(StoreDriver::backend).contains("jdbc");
    assertThat(new JdbcStoreDriver().optionNames()).contains("batchSize", "maxMsgs", "lockLease");
  }

  @Test
  void anUnreachableDatabaseIsAStoreIoErrorWithTheSqlState() {
    assertThatThrownBy(() -> Stores.open("streamstore:jdbc:postgresql://127.0.0.1:1/nowhere"
        + "?user=x&connectionTimeout=1s&connectTimeout=1"))
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("PostgreSQL")
        .hasMessageContaining("SQLState 08");
  }
}
