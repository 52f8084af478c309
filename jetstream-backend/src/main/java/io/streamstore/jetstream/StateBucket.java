package io.streamstore.jetstream;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatchOption;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import io.streamstore.spi.StoreIOException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The store's key-value bucket ({@code <prefix>_STATE}, one value per key): server info, clients,
 * the channel registry, subscriptions with their pending sets, and the exclusive lock. Keys:
 *
 * <ul>
 *   <li>{@code info}: the {@code ServerInfo} protobuf;
 *   <li>{@code cl.<token>}: one {@code ClientInfo} protobuf per client;
 *   <li>{@code ch.<stream>}: a channel that exists (see {@link ChannelRecord});
 *   <li>{@code sub.<incarnation>.<id>}: a subscription (see {@link SubRecord});
 *   <li>{@code subid.<incarnation>}: the highest subscription id a channel handed out;
 *   <li>{@code floor.<incarnation>}: the last SPI sequence, written before the stream is purged;
 *   <li>{@code lock}: the exclusive-lock lease.
 * </ul>
 *
 * <p>Thread-safe (the client library is).
 */
final class StateBucket {

  private final KeyValue kv;
  private final JetStream js;
  private final String subjectPrefix;
  private final Duration timeout;

  StateBucket(KeyValue kv, JetStream js, String bucket, Duration timeout) {
    this.kv = kv;
    this.js = js;
    this.subjectPrefix = "$KV." + bucket + ".";
    this.timeout = timeout;
  }

  KeyValue kv() {
    return kv;
  }

  /** Writes {@code key} and returns once the bucket acknowledged it. */
  void put(String key, byte[] value) {
    try {
      kv.put(key, value);
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot write " + key + " to the state bucket: " + e, e);
    }
  }

  /** Deletes {@code key} (a no-op when absent) and returns once acknowledged. */
  void delete(String key) {
    try {
      kv.delete(key);
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot delete " + key + " from the state bucket: " + e, e);
    }
  }

  /** Starts writing {@code key}; the future completes when the bucket acknowledged it. */
  CompletableFuture<PublishAck> putAsync(String key, byte[] value) {
    return js.publishAsync(subjectPrefix + key, value);
  }

  /** Starts deleting {@code key}. */
  CompletableFuture<PublishAck> deleteAsync(String key) {
    Headers h = new Headers().put("KV-Operation", "DEL");
    return js.publishAsync(subjectPrefix + key, h, null);
  }

  /** Waits for every future, failing with the first error. */
  void awaitAll(List<CompletableFuture<PublishAck>> futures, String what) {
    long deadline = System.nanoTime() + timeout.toNanos() + futures.size() * 100_000L;
    for (CompletableFuture<PublishAck> f : futures) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreIOException("interrupted while writing " + what, e);
      } catch (Exception e) {
        throw new StoreIOException("writing " + what + " to the state bucket failed: " + e, e);
      }
    }
  }

  /** The current value of every key (deleted keys left out), read with one watch. */
  Map<String, byte[]> readAll() {
    Map<String, byte[]> values = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    KeyValueWatcher watcher = new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry e) {
        if (e.getOperation() == KeyValueOperation.PUT) {
          values.put(e.getKey(), e.getValue() == null ? new byte[0] : e.getValue());
        } else {
          values.remove(e.getKey());
        }
      }

      @Override
      public void endOfData() {
        done.countDown();
      }
    };
    NatsKeyValueWatchSubscription sub = null;
    try {
      sub = kv.watchAll(watcher, KeyValueWatchOption.IGNORE_DELETE);
      if (!done.await(timeout.toMillis() * 6, TimeUnit.MILLISECONDS)) {
        throw new StoreIOException("reading the state bucket timed out after " + timeout.multipliedBy(6));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreIOException("interrupted while reading the state bucket", e);
    } catch (IOException | JetStreamApiException e) {
      throw new StoreIOException("cannot read the state bucket: " + e, e);
    } finally {
      if (sub != null) {
        sub.unsubscribe();
      }
    }
    return new HashMap<>(values);
  }

  /** Removes every key starting with {@code keyPrefix} (best effort, for cleanup). */
  void purgePrefix(String keyPrefix) throws IOException, JetStreamApiException, InterruptedException {
    for (String key : kv.keys(keyPrefix + ">")) {
      kv.purge(key);
    }
  }
}
