package io.streamstore.tck;

/**
 * The whole suite against the store URL given by the system property {@value
 * UrlStoreFactory#URL_PROPERTY} (capabilities from {@value UrlStoreFactory#CAPABILITIES_PROPERTY}).
 * Without the property every test is skipped, saying which property to set. A backend module enables it with
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
public abstract class UrlStoreConformance extends StoreConformance {

  @Override
  protected StoreFactory factory() {
    return UrlStoreFactory.fromSystemProperties();
  }
}
