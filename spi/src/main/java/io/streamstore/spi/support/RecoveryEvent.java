package io.streamstore.spi.support;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A JFR event spanning one {@link AbstractStore#recover()}, so a flight recording shows how long a
 * store took to come back and how much it found. Disabled unless a recording enables it; then it
 * costs one object per recovery.
 */
@Name("streamstore.Recovery")
@Label("Store Recovery")
@Category("streamstore")
@Description("Recovery of a store's channels, subscriptions and clients")
final class RecoveryEvent extends jdk.jfr.Event {

  @Label("Backend")
  String backend;

  @Label("Channels")
  int channels;

  @Label("Found")
  @Description("Whether the store held anything to recover")
  boolean found;
}
