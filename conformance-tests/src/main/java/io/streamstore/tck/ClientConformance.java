package io.streamstore.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamstore.proto.ClientInfo;
import io.streamstore.spi.Client;
import io.streamstore.spi.NotFoundException;
import io.streamstore.spi.Store;
import org.junit.jupiter.api.Test;

/**
 * Adding, replacing and deleting clients (NSS TestCSClientAPIs, TestCSAddClientProto; their recovery
 * halves are in {@link RecoveryConformance}).
 *
 * <p>Deliberate difference from NSS: deleting an unknown client fails with {@link NotFoundException}
 * (NSS ignores it), as the SPI's {@code Store.deleteClient} documents.
 */
public abstract class ClientConformance extends ConformanceSupport {

  @Test
  void addClientReturnsTheRecordAsGiven() {
    Store s = openFresh();
    ClientInfo info = client("me");
    Client c = s.addClient(info);
    assertThat(c.info()).isEqualTo(info);
    assertThat(c.id()).isEqualTo("me");
  }

  @Test
  void addingAClientTwiceReplacesTheRecord() {
    Store s = openFresh();
    s.addClient(client("client2"));
    ClientInfo newer = client("client2").toBuilder().setHbInbox("hb.new").build();
    Client c = s.addClient(newer);
    assertThat(c.info().getHbInbox()).isEqualTo("hb.new");
    s.deleteClient("client2");
    assertThatThrownBy(() -> s.deleteClient("client2")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void deletingAnUnknownClientFailsWithNotFoundAndKeepsTheOthers() {
    Store s = openFresh();
    s.addClient(client("client3"));
    assertThatThrownBy(() -> s.deleteClient("client1"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("client1");
    s.deleteClient("client3"); // still there
  }

  @Test
  void aDeletedClientCanBeAddedAgain() {
    Store s = openFresh();
    s.addClient(client("client4"));
    s.deleteClient("client4");
    assertThat(s.addClient(client("client4")).id()).isEqualTo("client4");
    s.deleteClient("client4");
  }

  @Test
  void clientIdsWithUnicodeAndPunctuationAreAccepted() {
    Store s = openFresh();
    for (String id : new String[] {"a/b", "émile", "x y", "日本", "*", "a.b.>"}) {
      assertThat(s.addClient(client(id)).id()).isEqualTo(id);
      s.deleteClient(id);
    }
  }
}
