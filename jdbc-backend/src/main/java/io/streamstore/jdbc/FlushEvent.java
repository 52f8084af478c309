package io.streamstore.jdbc;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event spanning one transaction that writes a channel's buffered messages, removals and
 * counters (a flush, a full batch, or a write-through with noCaching).
 */
@Name("streamstore.jdbc.Flush")
@Label("JDBC Flush")
@Category({"streamstore", "JDBC"})
@Description("One transaction writing a channel's buffered messages")
final class FlushEvent extends jdk.jfr.Event {

  @Label("Channel")
  String channel;

  @Label("Messages")
  int messages;

  @Label("Database")
  String database;
}
