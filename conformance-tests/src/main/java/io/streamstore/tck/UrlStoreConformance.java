package io.streamstore.tck;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The whole suite against the store URL given by the system property {@value
 * UrlStoreFactory#URL_PROPERTY} (capabilities from {@value UrlStoreFactory#CAPABILITIES_PROPERTY}).
 * Disabled (reported as skipped) when the property is not set. A backend module enables it with
 * one empty class:
 *
 * <pre>{@code
 * class UrlConformanceTest extends UrlStoreConformance {}
 * }</pre>
 *
 * <p>and a CI job runs {@code mvn verify -pl jdbc-backend -Dtest=UrlConformanceTest
 * -Dstreamstore.url='streamstore:jdbc:postgresql://127.0.0.1/test?user=postgres&schema={n}'
 * -Dstreamstore.capabilities=PERSISTENT,EXCLUSIVE_LOCK,BACKGROUND_EXPIRY}.
 */
@EnabledIfSystemProperty(
    named = UrlStoreFactory.URL_PROPERTY,
    matches = ".*\\S.*",
    disabledReason = "set -D" + UrlStoreFactory.URL_PROPERTY + "=<store URL template> to run it")
public abstract class UrlStoreConformance extends StoreConformance {

  @Override
  protected StoreFactory factory() {
    return UrlStoreFactory.fromSystemProperties();
  }
}
