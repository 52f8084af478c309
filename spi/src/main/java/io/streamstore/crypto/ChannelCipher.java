package io.streamstore.crypto;

import io.streamstore.spi.DecryptionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts and decrypts the payloads of one channel in NATS Streaming's format: {@code code (1) ‖
 * nonce (12) ‖ ciphertext ‖ tag (16)}, no associated data, the channel's derived key.
 *
 * <p><b>Nonces.</b> NATS Streaming draws 12 random bytes when it opens a channel and overwrites bytes
 * 4..11 with the channel's last sequence + 1, then counts up. A crash that loses unsynced messages
 * lowers that last sequence, so the next run encrypts new messages under counters already used for
 * the lost ones, kept apart only by 4 random bytes. No rule based on what the store holds can avoid
 * that (a run whose writes were all lost leaves exactly the state it started from). Here the nonce is
 * derived from the message itself instead: the first 12 bytes of HMAC-SHA-256, under a key derived
 * from the channel key, of (cipher code, sequence, payload). Two different messages get the same
 * nonce only if the 96-bit HMAC output collides; the same message stored again (same sequence, same
 * payload) gets the same ciphertext, which reveals nothing new. Readers, NATS Streaming included, take
 * the nonce from the payload, so the choice is invisible to them.
 *
 * <p>Thread-safe: each call takes this object's lock (one channel's messages are encrypted one at a
 * time anyway).
 */
final class ChannelCipher {

  private static final byte[] NONCE_LABEL =
      "streamstore payload nonce v1".getBytes(StandardCharsets.US_ASCII);

  private final String channel;
  private final PayloadCipher writeWith;
  private final SecretKeySpec aesKey;
  private final SecretKeySpec chachaKey;
  private final Mac nonceMac;
  private final Cipher[] encryptors = new Cipher[PayloadCipher.values().length];
  private final Cipher[] decryptors = new Cipher[PayloadCipher.values().length];

  ChannelCipher(String channel, byte[] master, PayloadCipher writeWith) {
    this.channel = channel;
    this.writeWith = writeWith;
    byte[] key = ChannelKeys.channelKey(master, channel);
    try {
      this.aesKey = new SecretKeySpec(key, PayloadCipher.AES.keyAlgorithm());
      this.chachaKey = new SecretKeySpec(key, PayloadCipher.CHACHA.keyAlgorithm());
      Mac labelMac = Mac.getInstance("HmacSHA256");
      labelMac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] nonceKey = labelMac.doFinal(NONCE_LABEL);
      this.nonceMac = Mac.getInstance("HmacSHA256");
      this.nonceMac.init(new SecretKeySpec(nonceKey, "HmacSHA256"));
      Arrays.fill(nonceKey, (byte) 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HMAC-SHA-256", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** The cipher new payloads are encrypted with. */
  PayloadCipher writeCipher() {
    return writeWith;
  }

  /** The encrypted form of a non-empty payload of message {@code seq}. */
  synchronized byte[] encrypt(long seq, byte[] plain) {
    byte[] nonce = nonce(seq, plain);
    byte[] out = new byte[PayloadCipher.OVERHEAD + plain.length];
    out[0] = writeWith.code();
    System.arraycopy(nonce, 0, out, 1, PayloadCipher.NONCE_LENGTH);
    try {
      Cipher c = initialized(encryptors, writeWith, Cipher.ENCRYPT_MODE, nonce);
      c.doFinal(plain, 0, plain.length, out, 1 + PayloadCipher.NONCE_LENGTH);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(writeWith + " encryption failed for message " + seq
          + " of channel '" + channel + "'", e);
    }
  }

  /**
   * The plaintext of a stored payload: as it is when it does not start with a cipher code (NATS
   * Streaming stores empty payloads unencrypted), otherwise decrypted with the cipher the code names.
   *
   * @throws DecryptionException when it does not decrypt (wrong key, or altered bytes)
   */
  synchronized byte[] decrypt(long seq, byte[] stored) {
    if (stored.length == 0) {
      return stored;
    }
    Optional<PayloadCipher> code = PayloadCipher.fromCode(stored[0]);
    if (code.isEmpty()) {
      return stored;
    }
    PayloadCipher with = code.get();
    if (stored.length < PayloadCipher.OVERHEAD) {
      throw new DecryptionException(channel, seq, "cannot decrypt message " + seq + " of channel '"
          + channel + "': its payload starts with the " + with + " code but is only "
          + stored.length + " bytes long (an encrypted payload has at least "
          + PayloadCipher.OVERHEAD + ")", null);
    }
    byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + PayloadCipher.NONCE_LENGTH);
    try {
      Cipher c = initialized(decryptors, with, Cipher.DECRYPT_MODE, nonce);
      int offset = 1 + PayloadCipher.NONCE_LENGTH;
      return c.doFinal(stored, offset, stored.length - offset);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new DecryptionException(channel, seq, "cannot decrypt message " + seq + " of channel '"
          + channel + "': " + with + " authentication failed; the encryption key is not the one"
          + " the store was written with, or the payload was altered", e);
    } catch (GeneralSecurityException e) {
      throw new DecryptionException(channel, seq, "cannot decrypt message " + seq + " of channel '"
          + channel + "' with " + with + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private byte[] nonce(long seq, byte[] plain) {
    nonceMac.update(writeWith.code());
    nonceMac.update(ByteBuffer.allocate(Long.BYTES).putLong(seq).array());
    nonceMac.update(plain);
    return Arrays.copyOf(nonceMac.doFinal(), PayloadCipher.NONCE_LENGTH);
  }

  /**
   * A cipher of {@code cache} initialised for {@code nonce}. The JDK refuses to initialise an
   * instance with the key and nonce of its previous initialisation (its guard against nonce reuse);
   * that happens when the same message is stored or read twice in a row, and a fresh instance is
   * used then (storing it again gives the same ciphertext, which reveals nothing new).
   */
  private Cipher initialized(Cipher[] cache, PayloadCipher which, int mode, byte[] nonce)
      throws GeneralSecurityException {
    Cipher c = cache[which.ordinal()];
    if (c != null) {
      try {
        c.init(mode, key(which), which.parameters(nonce));
        return c;
      } catch (java.security.InvalidKeyException
          | java.security.InvalidAlgorithmParameterException sameAsPrevious) {
        // fall through to a fresh instance
      }
    }
    c = Cipher.getInstance(which.transformation());
    c.init(mode, key(which), which.parameters(nonce));
    cache[which.ordinal()] = c;
    return c;
  }

  private SecretKeySpec key(PayloadCipher which) {
    return which == PayloadCipher.AES ? aesKey : chachaKey;
  }

  @Override
  public String toString() {
    return "ChannelCipher[" + channel + ", " + writeWith + "]";
  }
}
