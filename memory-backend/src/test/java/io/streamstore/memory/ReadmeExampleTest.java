package io.streamstore.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.streamstore.Stores;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.Store;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The usage example of the root README.md, line for line, so that it cannot rot. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRunsAsWritten() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      // --- begin README example ---
      try (Store store = Stores.open("streamstore:memory:?maxMsgs=1000")) {
        if (store.recover().isEmpty()) {
          store.init(ServerInfo.newBuilder().setClusterID("demo").build());
        }
        Channel orders = store.createChannel("orders");
        long seq = orders.msgs().store(MsgProto.newBuilder().setSequence(1).setSubject("orders")
            .setData(ByteString.copyFromUtf8("hello")).setTimestamp(System.nanoTime()).build());
        orders.msgs().flush();                                    // durable from here on (persistent backends)
        System.out.println(orders.msgs().lookup(seq).orElseThrow().getData().toStringUtf8());
      }
      // --- end README example ---
    } finally {
      System.setOut(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).trim()).isEqualTo("hello");
  }
}
