package io.streamstore.spi;

/**
 * An encrypted message payload does not decrypt: the encryption key is not the one it was written
 * with, or the stored bytes were altered (authenticated encryption cannot tell the two apart). The
 * message names the channel and the sequence; it never contains key material.
 */
public class DecryptionException extends CorruptedDataException {
  private static final long serialVersionUID = 1L;

  private final String channel;
  private final long sequence;

  /**
   * @param channel the channel of the message
   * @param sequence the message's sequence
   * @param message what failed, naming channel and sequence
   * @param cause the cipher's error, or null
   */
  public DecryptionException(String channel, long sequence, String message, Throwable cause) {
    super(message, cause);
    this.channel = channel;
    this.sequence = sequence;
  }

  /** The channel of the message that did not decrypt. */
  public String channel() {
    return channel;
  }

  /** The sequence of the message that did not decrypt. */
  public long sequence() {
    return sequence;
  }
}
