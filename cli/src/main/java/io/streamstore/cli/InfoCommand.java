package io.streamstore.cli;

import io.streamstore.proto.ServerInfo;
import io.streamstore.spi.Channel;
import io.streamstore.spi.ChannelLimits;
import io.streamstore.spi.Client;
import io.streamstore.spi.MsgStoreState;
import io.streamstore.spi.RecoveredChannel;
import io.streamstore.spi.RecoveredState;
import io.streamstore.spi.RecoveredSubscription;
import io.streamstore.spi.SequenceRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code info URL}: what a store holds, read without changing it. */
@Command(
    name = "info",
    header = "Show what a store holds (read-only).",
    description = {
      "Show a store's type, server info, clients, channels (first/last sequence, count, bytes,",
      "subscriptions) and the limits in effect. Read-only: nothing is written, no lock is taken."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  streamstore info streamstore:file:/var/lib/nats/store",
      "  streamstore info --json streamstore:jdbc:h2:/tmp/store/db",
      "  streamstore info 'streamstore:jdbc:postgresql://127.0.0.1/test?user=postgres'"
    },
    mixinStandardHelpOptions = true)
final class InfoCommand implements Callable<Integer> {

  @ParentCommand StreamstoreCli root;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "URL", description = "The store URL.")
  String url;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  boolean json;

  @Override
  public Integer call() {
    Output out = root.output(spec);
    try (StoreAccess.Opened opened = StoreAccess.openReadOnly(url)) {
      Map<String, ChannelLimits> limits = new TreeMap<>();
      opened.state().ifPresent(s -> s.channels().keySet().forEach(
          name -> opened.store().channelLimits(name).ifPresent(l -> limits.put(name, l))));
      if (json) {
        out.result(Json.write(asJson(opened, limits)));
      } else {
        printText(out, opened, limits);
      }
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> asJson(
      StoreAccess.Opened opened, Map<String, ChannelLimits> limits) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", opened.url().redacted());
    m.put("type", opened.store().type());
    m.put("readOnly", opened.readOnly());
    m.put("initialized", opened.state().isPresent());
    RecoveredState state = opened.state().orElse(null);
    m.put("serverInfo", state == null ? null : StoreViews.serverInfo(state.info()));
    List<Object> clients = new ArrayList<>();
    List<Object> channels = new ArrayList<>();
    if (state != null) {
      state.clients().stream().sorted(java.util.Comparator.comparing(Client::id))
          .forEach(c -> clients.add(StoreViews.client(c.info())));
      for (RecoveredChannel rc : sorted(state)) {
        Channel ch = rc.channel();
        SequenceRange range = ch.msgs().firstAndLastSequence();
        MsgStoreState size = ch.msgs().state();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", ch.name());
        c.put("first", range.first());
        c.put("last", range.last());
        c.put("count", size.count());
        c.put("bytes", size.bytes());
        ChannelLimits l = limits.get(ch.name());
        c.put("limits", l == null ? null : StoreViews.limits(l));
        List<Object> subs = new ArrayList<>();
        rc.subscriptions().forEach(s -> subs.add(StoreViews.subscription(s)));
        c.put("subscriptions", subs);
        channels.add(c);
      }
    }
    m.put("clients", clients);
    m.put("channels", channels);
    return m;
  }

  private static void printText(
      Output out, StoreAccess.Opened opened, Map<String, ChannelLimits> limits) {
    out.result("Store:     " + opened.url().redacted());
    out.result("Type:      " + opened.store().type()
        + (opened.readOnly() ? " (opened read-only)" : " (read without writing)"));
    if (opened.state().isEmpty()) {
      out.result("State:     empty (never initialised: no server info, clients or channels)");
      return;
    }
    RecoveredState state = opened.state().get();
    ServerInfo info = state.info();
    out.result("Server:    cluster " + quoted(info.getClusterID()) + ", node "
        + quoted(info.getNodeID()));
    List<String> ids = state.clients().stream().map(Client::id).sorted().toList();
    out.result("Clients:   " + ids.size() + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")"));
    boolean anyLimit = limits.values().stream().anyMatch(l -> !isUnlimited(l));
    out.result("Limits:    " + (anyLimit ? "per channel below (msgs/bytes/age/subs, - = none)"
        : "none in effect (set them in the URL: maxMsgs=, maxBytes=, maxAge=, maxSubs=)"));
    out.result("Channels:  " + state.channels().size());
    if (state.channels().isEmpty()) {
      return;
    }
    out.result("");
    Table channels = anyLimit
        ? new Table("CHANNEL", "FIRST>", "LAST>", "MESSAGES>", "BYTES>", "SUBS>", "LIMITS")
        : new Table("CHANNEL", "FIRST>", "LAST>", "MESSAGES>", "BYTES>", "SUBS>");
    Table subs = new Table("CHANNEL", "ID>", "CLIENT", "KIND", "INBOX", "LAST SENT>", "PENDING>");
    for (RecoveredChannel rc : sorted(state)) {
      Channel ch = rc.channel();
      SequenceRange range = ch.msgs().firstAndLastSequence();
      MsgStoreState size = ch.msgs().state();
      channels.row(ch.name(), range.first(), range.last(), size.count(), size.bytes(),
          rc.subscriptions().size(), describe(limits.get(ch.name())));
      for (RecoveredSubscription s : rc.subscriptions()) {
        subs.row(ch.name(), s.sub().getID(), s.sub().getClientID(), kind(s), s.sub().getInbox(),
            s.sub().getLastSent(), s.pending().size());
      }
    }
    channels.lines().forEach(out::result);
    List<String> subLines = subs.lines();
    if (subLines.size() > 1) {
      out.result("");
      subLines.forEach(out::result);
    }
  }

  private static List<RecoveredChannel> sorted(RecoveredState state) {
    return new TreeMap<>(state.channels()).values().stream().toList();
  }

  private static String kind(RecoveredSubscription s) {
    StringBuilder sb = new StringBuilder();
    if (!s.sub().getQGroup().isEmpty()) {
      sb.append("queue ").append(s.sub().getQGroup());
    }
    if (s.sub().getIsDurable() || !s.sub().getDurableName().isEmpty()) {
      sb.append(sb.length() > 0 ? ", " : "").append("durable ").append(s.sub().getDurableName());
    }
    if (s.sub().getIsClosed()) {
      sb.append(" (closed)");
    }
    return sb.length() == 0 ? "plain" : sb.toString();
  }

  private static boolean isUnlimited(ChannelLimits l) {
    return l.maxMsgs() == 0 && l.maxBytes() == 0 && l.maxAge().isZero()
        && l.maxSubscriptions() == 0;
  }

  private static String describe(ChannelLimits l) {
    if (l == null) {
      return "";
    }
    return value(l.maxMsgs()) + "/" + (l.maxBytes() == 0 ? "-" : StoreViews.bytes(l.maxBytes()))
        + "/" + (l.maxAge().isZero() ? "-" : l.maxAge().toString().substring(2).toLowerCase())
        + "/" + value(l.maxSubscriptions());
  }

  private static String value(long v) {
    return v == 0 ? "-" : Long.toString(v);
  }

  private static String quoted(String s) {
    return s.isEmpty() ? "(none)" : s;
  }
}
