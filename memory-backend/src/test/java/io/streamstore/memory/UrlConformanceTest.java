package io.streamstore.memory;

import io.streamstore.tck.UrlStoreConformance;

/**
 * The suite against {@code -Dstreamstore.url}; disabled without it. With the memory driver on the
 * class path: {@code -Dstreamstore.url=streamstore:memory:{n}
 * -Dstreamstore.capabilities=BACKGROUND_EXPIRY}.
 */
class UrlConformanceTest extends UrlStoreConformance {}
