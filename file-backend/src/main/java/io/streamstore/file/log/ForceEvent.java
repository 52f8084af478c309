package io.streamstore.file.log;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event spanning one force (fsync) of a slice by the {@link GroupCommit}, which may cover the
 * flushes of several threads.
 */
@Name("streamstore.file.Force")
@Label("File Force")
@Category({"streamstore", "File"})
@Description("An fsync of a slice's data and index files, shared by the flushes waiting for it")
final class ForceEvent extends jdk.jfr.Event {

  @Label("Target")
  String target;

  @Label("Waiting Flushes")
  @Description("How many flushes this round of the group commit acknowledges")
  int waiters;
}
