package io.streamstore.crypto;

import io.streamstore.StoreUrl;
import io.streamstore.spi.InvalidOptionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * The encryption options of one {@code open} call, taken out of the URL and the properties: what is
 * left (the URL without them, the other properties) goes to the backend, which never sees them.
 *
 * @param innerUrl the URL without the encryption options
 * @param innerProperties the properties without the encryption options
 * @param cipher the cipher new payloads are written with
 * @param key the key ({@code toString()} redacted)
 */
record EncryptionRequest(
    StoreUrl innerUrl, Properties innerProperties, PayloadCipher cipher, EncryptionKey key) {

  /**
   * The request in {@code url} and {@code properties}, or empty when neither names an encryption
   * option (or {@code encrypt=false} is all they say).
   *
   * @param env reads an environment variable (null when unset)
   * @throws InvalidOptionException for a key in the URL, a missing or unreadable key, an unknown
   *     cipher, or an encryption option without {@code encrypt=true}
   */
  static Optional<EncryptionRequest> parse(StoreUrl url, Properties properties,
      UnaryOperator<String> env) {
    boolean any = false;
    for (String name : StoreEncryption.OPTION_NAMES) {
      any |= url.options().containsKey(name) || properties.getProperty(name) != null;
    }
    if (!any) {
      return Optional.empty();
    }
    if (url.options().containsKey(StoreEncryption.KEY)) {
      throw new InvalidOptionException("option '" + StoreEncryption.KEY + "' must not be given in"
          + " the URL (URLs are printed and logged); give the key as the property '"
          + StoreEncryption.KEY + "', in a file named by '" + StoreEncryption.KEY_FILE
          + "', or in the environment variable " + StoreEncryption.NATS_KEY_ENV);
    }
    Map<String, String> given = new LinkedHashMap<>();
    for (String name : StoreEncryption.OPTION_NAMES) {
      String inUrl = url.options().get(name);
      String inProps = properties.getProperty(name);
      if (inUrl != null && inProps != null && !inUrl.equals(inProps)) {
        throw new InvalidOptionException("option '" + name + "' is '" + inUrl + "' in the URL but '"
            + inProps + "' in the properties; give it once");
      }
      String v = inUrl != null ? inUrl : inProps;
      if (v != null) {
        given.put(name, v);
      }
    }
    String encrypt = given.getOrDefault(StoreEncryption.ENCRYPT, "false");
    boolean on;
    if (encrypt.equalsIgnoreCase("true")) {
      on = true;
    } else if (encrypt.equalsIgnoreCase("false")) {
      on = false;
    } else {
      throw new InvalidOptionException("option '" + StoreEncryption.ENCRYPT + "' has invalid value '"
          + encrypt + "'; expected true or false");
    }
    if (!on) {
      List<String> others = new ArrayList<>(given.keySet());
      others.remove(StoreEncryption.ENCRYPT);
      if (!others.isEmpty()) {
        throw new InvalidOptionException("option" + (others.size() > 1 ? "s " : " ") + others
            + " only apply with " + StoreEncryption.ENCRYPT + "=true");
      }
    }
    PayloadCipher cipher = PayloadCipher.AES;
    String cipherName = given.get(StoreEncryption.CIPHER);
    if (cipherName != null) {
      try {
        cipher = PayloadCipher.parse(cipherName).orElse(PayloadCipher.AES);
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionException("option '" + StoreEncryption.CIPHER + "' has invalid value '"
            + cipherName + "'; expected AES, CHACHA or auto");
      }
    }
    StoreUrl innerUrl = url.withoutOptions(StoreEncryption.OPTION_NAMES);
    Properties innerProps = new Properties();
    for (String name : properties.stringPropertyNames()) {
      if (!StoreEncryption.OPTION_NAMES.contains(name)) {
        innerProps.setProperty(name, properties.getProperty(name));
      }
    }
    if (!on) {
      return Optional.of(new EncryptionRequest(innerUrl, innerProps, null, null));
    }
    return Optional.of(new EncryptionRequest(innerUrl, innerProps, cipher, key(given, env)));
  }

  /** Whether the store is to be encrypted (false for an explicit {@code encrypt=false}). */
  boolean enabled() {
    return key != null;
  }

  private static EncryptionKey key(Map<String, String> given, UnaryOperator<String> env) {
    String text = given.get(StoreEncryption.KEY);
    String file = given.get(StoreEncryption.KEY_FILE);
    if (text != null && file != null) {
      throw new InvalidOptionException("give the encryption key once: both '" + StoreEncryption.KEY
          + "' and '" + StoreEncryption.KEY_FILE + "' are set");
    }
    if (text != null) {
      if (text.isEmpty()) {
        throw new InvalidOptionException("the property '" + StoreEncryption.KEY + "' is empty");
      }
      return EncryptionKey.of(text);
    }
    if (file != null) {
      return fromFile(Path.of(file));
    }
    String variable = given.getOrDefault(StoreEncryption.KEY_ENV, StoreEncryption.NATS_KEY_ENV);
    String fromEnv = env.apply(variable);
    if (fromEnv == null || fromEnv.isEmpty()) {
      throw new InvalidOptionException(StoreEncryption.ENCRYPT + "=true needs a key: the property '"
          + StoreEncryption.KEY + "', a file named by '" + StoreEncryption.KEY_FILE
          + "', or the environment variable " + variable + " (not set)");
    }
    return EncryptionKey.of(fromEnv);
  }

  /** The file's bytes, without one trailing line break (so {@code echo key > file} works). */
  private static EncryptionKey fromFile(Path file) {
    byte[] b;
    try {
      b = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InvalidOptionException("cannot read the encryption key file " + file + " ("
          + e.getClass().getSimpleName() + ")");
    }
    int n = b.length;
    if (n > 0 && b[n - 1] == '\n') {
      n--;
      if (n > 0 && b[n - 1] == '\r') {
        n--;
      }
    }
    if (n == 0) {
      throw new InvalidOptionException("the encryption key file " + file + " is empty");
    }
    byte[] key = Arrays.copyOf(b, n);
    Arrays.fill(b, (byte) 0);
    try {
      return EncryptionKey.of(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "EncryptionRequest[" + innerUrl + ", " + cipher + ", key redacted]";
  }
}
