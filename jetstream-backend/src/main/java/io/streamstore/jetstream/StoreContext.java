package io.streamstore.jetstream;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every channel of one JetStream store shares: the connection, the JetStream contexts, the
 * state bucket, the lock, the options and the one background thread (expiry, lock renewal).
 *
 * @param connection the NATS connection
 * @param js publishing
 * @param jsm stream management and direct reads
 * @param bucket the state bucket
 * @param lock the exclusive-lock lease (checked before every write)
 * @param options the parsed URL options
 * @param scheduler runs expiry and lease renewal
 */
record StoreContext(
    Connection connection,
    JetStream js,
    JetStreamManagement jsm,
    StateBucket bucket,
    LeaseLock lock,
    JetStreamStoreOptions options,
    ScheduledExecutorService scheduler) {}
