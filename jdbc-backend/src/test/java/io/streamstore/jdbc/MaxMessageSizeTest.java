package io.streamstore.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.Stores;
import io.streamstore.spi.InvalidOptionException;
import io.streamstore.spi.Store;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * The JDBC backend's maximum message size: the dialect's default and bound, option {@code
 * maxMessageSize}, and a database's "too large" refusal reported as permanent, not as a lost
 * connection (the refusal of a too-large message itself is pinned by the TCK for every database).
 */
class MaxMessageSizeTest {

  @Test
  void h2DefaultsTo16MiBAndTheOptionCanLowerButNotRaiseIt() {
    try (Store s = Stores.open("streamstore:jdbc:h2:mem:size1")) {
      assertThat(s.maxMessageSize()).isEqualTo(16L * 1024 * 1024);
    }
    try (Store s = Stores.open("streamstore:jdbc:h2:mem:size2?maxMessageSize=1MB")) {
      assertThat(s.maxMessageSize()).isEqualTo(1L << 20);
    }
    assertThatThrownBy(() -> Stores.open("streamstore:jdbc:h2:mem:size3?maxMessageSize=17MB"))
        .isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("maxMessageSize")
        .hasMessageContaining("H2");
  }

  @Test
  void mariaDbPacketTooLargeIsPermanentNotAConnectionProblem() {
    SQLException packet = new SQLNonTransientConnectionException(
        "(conn=7) Got a packet bigger than 'max_allowed_packet' bytes", "08S01", 1153);
    MariaDbDialect dialect = new MariaDbDialect();
    assertThat(dialect.isTooLarge(packet)).isTrue();
    JdbcStoreException e = new JdbcStoreException("flush of channel \"big\"", dialect.name(), packet,
        false, dialect.isTooLarge(packet));
    assertThat(e.tooLarge()).isTrue();
    assertThat(e.getMessage()).contains("permanent").doesNotContain("unreachable");

    SQLException lost = new SQLNonTransientConnectionException("Socket error", "08000", 0);
    assertThat(dialect.isTooLarge(lost)).isFalse();
    JdbcStoreException l = new JdbcStoreException("flush", dialect.name(), lost, false,
        dialect.isTooLarge(lost));
    assertThat(l.getMessage()).contains("unreachable");
  }
}
