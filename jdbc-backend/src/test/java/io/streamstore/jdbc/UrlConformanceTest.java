package io.streamstore.jdbc;

import io.streamstore.tck.UrlStoreConformance;

/**
 * The conformance suite against any URL given with {@code -Dstreamstore.url} (and {@code
 * -Dstreamstore.capabilities}), e.g. {@code
 * streamstore:jdbc:postgresql://127.0.0.1/test?user=postgres&schema={n}} with {@code
 * PERSISTENT,EXCLUSIVE_LOCK,BACKGROUND_EXPIRY}; skipped with a message without the property.
 */
class UrlConformanceTest extends UrlStoreConformance {}
