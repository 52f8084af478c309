package io.streamstore.tck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

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
 */
public abstract class StoreConformance {

  /** The backend under test; called before every test. */
  protected abstract StoreFactory factory();

  /** Open, init, flush, close and the exclusive lock. */
  @Nested
  @DisplayName("store life cycle")
  class Lifecycle extends StoreLifecycleConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Channel creation, deletion and limits per channel. */
  @Nested
  @DisplayName("channels")
  class Channels extends ChannelConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Client records. */
  @Nested
  @DisplayName("clients")
  class Clients extends ClientConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** The message log. */
  @Nested
  @DisplayName("message store")
  class Messages extends MsgStoreConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Count, byte and age limits of the message log. */
  @Nested
  @DisplayName("message limits")
  class MessageLimits extends MsgLimitsConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Subscriptions and pending sets. */
  @Nested
  @DisplayName("subscriptions")
  class Subscriptions extends SubStoreConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Bad input and use after close. */
  @Nested
  @DisplayName("bad input")
  class BadInput extends BadInputConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** The declared maximum message size. */
  @Nested
  @DisplayName("message size")
  class MessageSize extends MessageSizeConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Recovery after reopening (persistent backends). */
  @Nested
  @DisplayName("recovery")
  class Recovery extends RecoveryConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Subscriptions after reopening (persistent backends). */
  @Nested
  @DisplayName("subscription recovery")
  class SubscriptionRecovery extends SubRecoveryConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }

  /** Many threads at once. */
  @Nested
  @DisplayName("concurrency")
  class Concurrency extends ConcurrencyConformance {
    @Override
    protected StoreFactory factory() {
      return StoreConformance.this.factory();
    }
  }
}
