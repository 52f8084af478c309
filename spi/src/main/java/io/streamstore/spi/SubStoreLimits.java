package io.streamstore.spi;

/**
 * Bounds of a channel's subscriptions. 0 means unlimited (inherit, in a per-channel entry; a
 * negative value there means unlimited).
 *
 * @param maxSubscriptions most subscriptions a channel may have
 */
public record SubStoreLimits(int maxSubscriptions) {

  /** No bound. */
  public static final SubStoreLimits UNLIMITED = new SubStoreLimits(0);
}
