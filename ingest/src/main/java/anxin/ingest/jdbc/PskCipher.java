package anxin.ingest.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How DTLS pre-shared keys are kept in the database: AES-256-GCM under a key the platform is
 * configured with, as {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}, with a fresh random
 * nonce for every encryption. The device id is bound in as associated data, so a sealed key copied
 * to another device's row fails to open. A PSK cannot be hashed like a token: the DTLS handshake
 * needs the key itself.
 *
 * <p>Thread-safe.
 */
public final class PskCipher {

  /** Key length in bytes (AES-256). */
  public static final int KEY_BYTES = 32;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /**
   * @param key the 32-byte AES-256 key; copied
   * @throws IllegalArgumentException when the key is not 32 bytes long
   */
  public PskCipher(byte[] key) {
    if (key == null || key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "psk key must be " + KEY_BYTES + " bytes, got " + (key == null ? "null" : key.length));
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * Seals a device's PSK for storage.
   *
   * @param deviceId the device the key belongs to (associated data)
   * @param psk the key, not empty
   * @return nonce, ciphertext and tag
   */
  public byte[] encrypt(String deviceId, byte[] psk) {
    if (psk == null || psk.length == 0) {
      throw new IllegalArgumentException("psk is empty for device " + deviceId);
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, deviceId);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(psk.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(psk, 0, psk.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is required of every JVM", e);
    }
  }

  /**
   * Opens a sealed PSK.
   *
   * @param deviceId the device it was sealed for
   * @param sealed nonce, ciphertext and tag as made by {@link #encrypt}
   * @return the key
   * @throws GeneralSecurityException when it was altered, sealed under another key or for another
   *     device, or is too short to be sealed at all
   */
  public byte[] decrypt(String deviceId, byte[] sealed) throws GeneralSecurityException {
    if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8 + 1) {
      throw new GeneralSecurityException(
          "sealed psk too short: " + (sealed == null ? "null" : sealed.length + " bytes"));
    }
    Cipher cipher =
        cipher(Cipher.DECRYPT_MODE, Arrays.copyOfRange(sealed, 0, NONCE_BYTES), deviceId);
    return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
  }

  private Cipher cipher(int mode, byte[] nonce, String deviceId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance(TRANSFORMATION);
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(("anxin-psk-v1:" + deviceId).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
