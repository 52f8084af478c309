package io.streamstore.jdbc;

import com.google.protobuf.ByteString;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import java.nio.charset.StandardCharsets;

/** Messages, subscriptions and infos for the tests. */
final class Fixtures {

  private Fixtures() {}

  static MsgProto msg(String channel, long seq) {
    return msg(channel, seq, JdbcMsgStore.nowNanos(), "payload " + seq);
  }

  static MsgProto msg(String channel, long seq, long timestamp, String data) {
    return MsgProto.newBuilder()
        .setSequence(seq)
        .setSubject(channel)
        .setTimestamp(timestamp)
        .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8))
        .build();
  }

  static SubState sub(String client) {
    return SubState.newBuilder().setClientID(client).setInbox("inbox." + client)
        .setAckInbox("ack." + client).setMaxInFlight(1024).setAckWaitInSecs(30).build();
  }

  static ServerInfo serverInfo() {
    return ServerInfo.newBuilder().setClusterID("test-cluster").setNodeID("node-a")
        .setDiscovery("_STAN.discover").build();
  }

  static ClientInfo client(String id) {
    return ClientInfo.newBuilder().setID(id).setHbInbox("hb." + id.hashCode()).build();
  }
}
