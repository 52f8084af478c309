package io.streamstore.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.streamstore.proto.ClientInfo;
import io.streamstore.proto.MsgProto;
import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.RecoveredSubscription;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of store records, shared by {@code info} and {@code dump}. NATS Streaming's
 * records (ServerInfo, ClientInfo, SubState) are printed whole by protobuf's {@link JsonFormat},
 * with their {@code .proto} field names; every key the tool adds around them is lowerCamelCase.
 */
final class StoreViews {

  private StoreViews() {}

  /**
   * Prints every field of NATS Streaming's records, defaults included, with the field names of
   * their {@code .proto} files, on one line (64-bit numbers are strings, as protobuf's JSON mapping
   * says).
   */
  private static final JsonFormat.Printer PROTO = JsonFormat.printer()
      .alwaysPrintFieldsWithNoPresence().preservingProtoFieldNames()
      .omittingInsignificantWhitespace();

  /** A protobuf record in protobuf's own JSON mapping ({@code JsonFormat}). */
  static Json.Raw proto(MessageOrBuilder message) {
    try {
      return new Json.Raw(PROTO.print(message));
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  static Json.Raw serverInfo(ServerInfo info) {
    return proto(info);
  }

  static Json.Raw client(ClientInfo c) {
    return proto(c);
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

  /** A subscription: its SubState record as protobuf prints it, and its pending sequences. */
  static Map<String, Object> subscription(RecoveredSubscription rs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", proto(rs.sub()));
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
