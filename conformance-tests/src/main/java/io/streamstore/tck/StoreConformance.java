package io.streamstore.tck;

import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;

/**
 * The whole conformance suite in one class: extend it, return your backend's {@link StoreFactory},
 * and every group below runs as a JUnit {@link Nested} class of your test.
 *
 * <pre>{@code
 * class MemoryStoreConformanceTest extends StoreConformance {
 *   @Override
 *   protected StoreFactory factory() {
 *     return new UrlStoreFactory("streamstore:memory:", Capability.BACKGROUND_EXPIRY);
 *   }
 * }
 * }</pre>
 *
 * <p>Each group is also a public abstract class of its own ({@link ChannelConformance}, ...) for a
 * backend that wants to run only some of them. Tests that need a capability the backend does not
 * declare are reported as skipped, naming the capability.
 *
 * <p>Each group carries its class name as a JUnit tag, so one group of one backend runs with
 * {@code -Dtest=FileStoreConformanceTest -Dgroups=Recovery}. Surefire reports a group as {@code
 * io.streamstore.tck.StoreConformance$Recovery} inside the backend's report; JUnit's own display
 * names (IDEs, console launcher) are the backend's, e.g. {@code ...FileStoreConformanceTest$Recovery}
 * (see {@link TckDisplayNames}).
 */
@DisplayNameGeneration(TckDisplayNames.class)
public abstract class StoreConformance {

  /** The backend under test; called before every test. */
  protected abstract StoreFactory factory();

  /** Open, init, flush, close and the exclusive lock. */
  @Nested
  @Tag("Lifecycle")
  class Lifecycle extends StoreLifecycleConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Channel creation, deletion and limits per channel. */
  @Nested
  @Tag("Channels")
  class Channels extends ChannelConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Client records. */
  @Nested
  @Tag("Clients")
  class Clients extends ClientConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** The message log. */
  @Nested
  @Tag("Messages")
  class Messages extends MsgStoreConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Count, byte and age limits of the message log. */
  @Nested
  @Tag("MessageLimits")
  class MessageLimits extends MsgLimitsConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Subscriptions and pending sets. */
  @Nested
  @Tag("Subscriptions")
  class Subscriptions extends SubStoreConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Bad input and use after close. */
  @Nested
  @Tag("BadInput")
  class BadInput extends BadInputConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** The declared maximum message size. */
  @Nested
  @Tag("MessageSize")
  class MessageSize extends MessageSizeConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Recovery after reopening (persistent backends). */
  @Nested
  @Tag("Recovery")
  class Recovery extends RecoveryConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Subscriptions after reopening (persistent backends). */
  @Nested
  @Tag("SubscriptionRecovery")
  class SubscriptionRecovery extends SubRecoveryConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Many threads at once. */
  @Nested
  @Tag("Concurrency")
  class Concurrency extends ConcurrencyConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }
}
