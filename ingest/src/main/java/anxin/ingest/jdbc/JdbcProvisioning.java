package anxin.ingest.jdbc;

import anxin.ingest.Device;
import anxin.ingest.registry.TokenHash;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Writes facilities and devices, keeping credentials the way {@link JdbcDeviceRegistry} reads them:
 * a bearer token only as its SHA-256 ({@link TokenHash}), a PSK only encrypted ({@link PskCipher}).
 * Every change notifies running registries through the table triggers.
 */
public final class JdbcProvisioning {

  private static final String UPSERT_FACILITY =
      "INSERT INTO facility (id, name, county, region, zone)"
          + " VALUES (?, ?, ?, ?, coalesce(?, 'Asia/Shanghai'))"
          + " ON CONFLICT (id) DO UPDATE SET name = excluded.name, county = excluded.county,"
          + " region = excluded.region, zone = excluded.zone";

  private static final String UPSERT_DEVICE =
      "INSERT INTO device"
          + " (id, facility_id, kind, room, resident_id, heartbeat_s, token_sha256, psk_enc)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET facility_id = excluded.facility_id,"
          + " kind = excluded.kind, room = excluded.room, resident_id = excluded.resident_id,"
          + " heartbeat_s = excluded.heartbeat_s,"
          + " token_sha256 = coalesce(excluded.token_sha256, device.token_sha256),"
          + " psk_enc = coalesce(excluded.psk_enc, device.psk_enc), active = true";

  private final DataSource dataSource;
  private final PskCipher cipher;

  /** Provisioning through {@code dataSource}, sealing PSKs with {@code cipher}. */
  public JdbcProvisioning(DataSource dataSource, PskCipher cipher) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /**
   * Adds a facility, or replaces its fields.
   *
   * @param id facility id, not null
   * @param name display name, not null
   * @param county county, or null
   * @param region region (prefecture), or null
   * @param zone IANA time zone, or null for {@code Asia/Shanghai}
   */
  public void upsertFacility(String id, String name, String county, String region, String zone)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(UPSERT_FACILITY)) {
      s.setString(1, id);
      s.setString(2, name);
      s.setString(3, county);
      s.setString(4, region);
      s.setString(5, zone);
      s.executeUpdate();
    }
  }

  /**
   * Adds a device, or replaces its fields, and makes it active.
   *
   * @param device the device; its facility must exist
   * @param tokenOrNull its new HTTP bearer token, or null to keep the current one (if any)
   * @param pskOrNull its new DTLS pre-shared key, or null to keep the current one (if any)
   */
  public void upsertDevice(Device device, String tokenOrNull, byte[] pskOrNull)
      throws SQLException {
    long heartbeat = device.heartbeat() == null ? 300 : device.heartbeat().toSeconds();
    if (heartbeat < 1 || heartbeat > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "heartbeat of device " + device.id() + " out of range: " + device.heartbeat());
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement(UPSERT_DEVICE)) {
      s.setString(1, device.id());
      s.setString(2, device.facility());
      s.setString(3, device.kind());
      s.setString(4, device.room());
      s.setString(5, device.residentId());
      s.setInt(6, (int) heartbeat);
      s.setString(7, tokenOrNull == null ? null : TokenHash.of(tokenOrNull));
      if (pskOrNull == null) {
        s.setNull(8, Types.BINARY);
      } else {
        s.setBytes(8, cipher.encrypt(device.id(), pskOrNull));
      }
      s.executeUpdate();
    }
  }

  /** Deactivates a device: registries stop knowing it. Its history stays. */
  public void deactivateDevice(String deviceId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE device SET active = false WHERE id = ?")) {
      s.setString(1, deviceId);
      s.executeUpdate();
    }
  }
}
