package io.streamstore.jdbc;

import io.streamstore.Stores;
import io.streamstore.crypto.StoreEncryption;
import io.streamstore.spi.Store;
import io.streamstore.tck.Capability;
import io.streamstore.tck.StoreConformance;
import io.streamstore.tck.StoreFactory;
import io.streamstore.tck.StoreLocation;
import java.util.Properties;

/**
 * The whole conformance suite, with recovery, on in-memory H2 databases encrypted at rest
 * (AES-256-GCM, the key as a property): the decorator keeps every behaviour of the JDBC store.
 */
class EncryptedH2StoreConformanceTest extends StoreConformance {
  @Override
  protected StoreFactory factory() {
    return StoreFactory.of(() -> {
      TestDatabase database = TestDatabase.h2Memory();
      return new StoreLocation() {
        @Override
        public Store open() {
          Properties p = new Properties();
          p.setProperty(StoreEncryption.KEY, "tck key");
          return Stores.open(database.storeUrl("encrypt=true&cipher=AES"), p);
        }

        @Override
        public void close() throws java.sql.SQLException {
          database.close();
        }
      };
    }, Capability.PERSISTENT, Capability.EXCLUSIVE_LOCK, Capability.BACKGROUND_EXPIRY);
  }
}
