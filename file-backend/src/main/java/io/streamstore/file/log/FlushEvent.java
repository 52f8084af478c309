package io.streamstore.file.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event spanning one {@link MessageLog#flush()}: the write of buffered messages to the OS and,
 * with doSync, the wait for the group commit. One per flush, never per message.
 */
@Name("streamstore.file.Flush")
@Label("File Flush")
@Category({"streamstore", "File"})
@Description("A flush of one channel's message log, including the wait for the group commit")
final class FlushEvent extends jdk.jfr.Event {

  @Label("Channel")
  String channel;

  @Label("Synced")
  @Description("Whether the flush waited for a force (doSync)")
  boolean synced;
}
