package anxin.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PskCipherTest {

  private static final byte[] KEY = key(1);
  private static final byte[] PSK = "secret-psk-0123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void decrypt_ofEncrypted_givesThePsk() throws Exception {
    PskCipher cipher = new PskCipher(KEY);

    byte[] sealed = cipher.encrypt("dev-1", PSK);

    assertThat(sealed).hasSize(12 + PSK.length + 16);
    assertThat(cipher.decrypt("dev-1", sealed)).isEqualTo(PSK);
  }

  @Test
  void encrypt_twice_usesFreshNonces() {
    PskCipher cipher = new PskCipher(KEY);

    byte[] a = cipher.encrypt("dev-1", PSK);
    byte[] b = cipher.encrypt("dev-1", PSK);

    assertThat(Arrays.copyOf(a, 12)).isNotEqualTo(Arrays.copyOf(b, 12));
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void decrypt_tamperedCiphertextNonceOrTag_fails() {
    PskCipher cipher = new PskCipher(KEY);
    byte[] sealed = cipher.encrypt("dev-1", PSK);

    for (int i : new int[] {0, 11, 12, sealed.length - 17, sealed.length - 1}) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      assertThatThrownBy(() -> cipher.decrypt("dev-1", tampered))
          .as("byte %d flipped", i)
          .isInstanceOf(GeneralSecurityException.class);
    }
  }

  @Test
  void decrypt_truncated_fails() {
    PskCipher cipher = new PskCipher(KEY);
    byte[] sealed = cipher.encrypt("dev-1", PSK);

    assertThatThrownBy(() -> cipher.decrypt("dev-1", Arrays.copyOf(sealed, 20)))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> cipher.decrypt("dev-1", Arrays.copyOf(sealed, sealed.length - 1)))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void decrypt_withAnotherKey_fails() {
    byte[] sealed = new PskCipher(KEY).encrypt("dev-1", PSK);

    assertThatThrownBy(() -> new PskCipher(key(2)).decrypt("dev-1", sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void decrypt_forAnotherDevice_fails() {
    PskCipher cipher = new PskCipher(KEY);
    byte[] sealed = cipher.encrypt("dev-1", PSK);

    assertThatThrownBy(() -> cipher.decrypt("dev-2", sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }

  @Test
  void constructor_keyNot32Bytes_namesTheLength() {
    assertThatThrownBy(() -> new PskCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("psk key must be 32 bytes, got 16");
  }

  @Test
  void constructor_copiesTheKey() throws Exception {
    byte[] key = key(3);
    PskCipher cipher = new PskCipher(key);
    byte[] sealed = cipher.encrypt("dev-1", PSK);

    Arrays.fill(key, (byte) 0);

    assertThat(cipher.decrypt("dev-1", sealed)).isEqualTo(PSK);
  }

  private static byte[] key(int seed) {
    byte[] key = new byte[PskCipher.KEY_BYTES];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i);
    }
    return key;
  }
}
