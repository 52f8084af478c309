package io.streamstore.cli;

import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.proto.SubState;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.RecoveredSubscription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of store records, shared by {@code info} and {@code dump} so that a field has the
 * same name everywhere (protobuf field names, as NATS Streaming's own tools print them).
 */
final class StoreViews {

  private StoreViews() {}

  static Map<String, Object> serverInfo(ServerInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ClusterID", info.getClusterID());
    m.put("NodeID", info.getNodeID());
    m.put("Discovery", info.getDiscovery());
    m.put("Publish", info.getPublish());
    m.put("Subscribe", info.getSubscribe());
    m.put("Unsubscribe", info.getUnsubscribe());
    m.put("Close", info.getClose());
    m.put("SubClose", info.getSubClose());
    m.put("AcksSubs", info.getAcksSubs());
    return m;
  }

  static Map<String, Object> client(ClientInfo c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", c.getID());
    m.put("HbInbox", c.getHbInbox());
    m.put("Protocol", c.getProtocol());
    return m;
  }

  static Map<String, Object> limits(ChannelLimits l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("maxMsgs", l.maxMsgs());
    m.put("maxBytes", l.maxBytes());
    m.put("maxAgeSeconds", l.maxAge().toSeconds());
    m.put("maxSubs", l.maxSubscriptions());
    m.put("maxInactivitySeconds", l.maxInactivity().toSeconds());
    return m;
  }

  static Map<String, Object> subscription(RecoveredSubscription rs) {
    SubState s = rs.sub();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", s.getID());
    m.put("clientID", s.getClientID());
    m.put("inbox", s.getInbox());
    m.put("ackInbox", s.getAckInbox());
    m.put("qGroup", s.getQGroup());
    m.put("durableName", s.getDurableName());
    m.put("isDurable", s.getIsDurable());
    m.put("isClosed", s.getIsClosed());
    m.put("maxInFlight", s.getMaxInFlight());
    m.put("ackWaitInSecs", s.getAckWaitInSecs());
    m.put("lastSent", s.getLastSent());
    m.put("pendingCount", rs.pending().size());
    m.put("pending", pendingPreview(rs));
    return m;
  }

  /** At most the first 1,000 pending sequences, so that info stays readable. */
  private static List<Long> pendingPreview(RecoveredSubscription rs) {
    return rs.pending().stream().limit(1_000).boxed().toList();
  }

  /** One message as a JSON object; the payload as text when printable, as base64 otherwise. */
  static Map<String, Object> message(MsgProto msg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", msg.getSequence());
    m.put("subject", msg.getSubject());
    if (!msg.getReply().isEmpty()) {
      m.put("reply", msg.getReply());
    }
    m.put("timestamp", msg.getTimestamp());
    m.put("time", time(msg.getTimestamp()));
    if (msg.getRedelivered()) {
      m.put("redelivered", true);
    }
    m.put("size", msg.getData().size());
    String text = Payloads.asText(msg.getData());
    if (text != null) {
      m.put("data", text);
    } else {
      m.put("dataBase64", Payloads.asBase64(msg.getData()));
    }
    return m;
  }

  /** A nanosecond timestamp as an ISO-8601 instant. */
  static String time(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L)).toString();
  }

  /** A byte count for people: {@code 1.2 MB}. */
  static String bytes(long v) {
    if (v < 1024) {
      return v + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double d = v;
    int u = -1;
    while (d >= 1024 && u < units.length - 1) {
      d /= 1024;
      u++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", d, units[u]);
  }
}
