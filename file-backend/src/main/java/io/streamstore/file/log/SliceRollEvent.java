package io.streamstore.file.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event spanning a slice roll-over: the full slice is written, forced (with doSync) and closed,
 * and the next slice's files are created.
 */
@Name("streamstore.file.SliceRoll")
@Label("Slice Roll-over")
@Category({"streamstore", "File"})
@Description("Closing a full slice and creating the next one")
final class SliceRollEvent extends jdk.jfr.Event {

  @Label("Channel")
  String channel;

  @Label("New Slice")
  long slice;
}
