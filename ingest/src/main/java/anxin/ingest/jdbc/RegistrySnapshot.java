package anxin.ingest.jdbc;

import anxin.ingest.Device;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every active device, with its credentials, as read in one query. Immutable.
 *
 * @param byId devices by id
 * @param idByTokenHash device ids by the SHA-256 hex of their bearer token
 * @param psks DTLS pre-shared keys by device id, decrypted
 */
record RegistrySnapshot(
    Map<String, Device> byId, Map<String, String> idByTokenHash, Map<String, byte[]> psks) {

  private static final Logger log = LoggerFactory.getLogger(JdbcDeviceRegistry.class);

  static final RegistrySnapshot EMPTY = new RegistrySnapshot(Map.of(), Map.of(), Map.of());

  static final String SELECT =
      "SELECT id, facility_id, kind, room, resident_id, heartbeat_s, token_sha256, psk_enc"
          + " FROM device WHERE active";

  RegistrySnapshot {
    byId = Map.copyOf(byId);
    idByTokenHash = Map.copyOf(idByTokenHash);
    psks = Map.copyOf(psks);
  }

  /**
   * Reads every active device. A PSK that does not decrypt (altered, or sealed under another key)
   * is left out, with a WARN naming the device; the device itself stays.
   */
  static RegistrySnapshot load(Connection c, PskCipher cipher) throws SQLException {
    Map<String, Device> byId = new HashMap<>();
    Map<String, String> byToken = new HashMap<>();
    Map<String, byte[]> psks = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(SELECT)) {
      while (rs.next()) {
        String id = rs.getString(1);
        byId.put(
            id,
            new Device(
                id,
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Duration.ofSeconds(rs.getInt(6))));
        String tokenHash = rs.getString(7);
        if (tokenHash != null) {
          byToken.put(tokenHash, id);
        }
        byte[] sealed = rs.getBytes(8);
        if (sealed != null) {
          try {
            psks.put(id, cipher.decrypt(id, sealed));
          } catch (GeneralSecurityException e) {
            log.warn(
                "registry: the PSK of device {} does not decrypt, ignored: {}", id, e.toString());
          }
        }
      }
    }
    return new RegistrySnapshot(byId, byToken, psks);
  }
}
