package anxin.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * API bearer tokens in table {@code api_token}, stored as their SHA-256: a database leak gives no
 * usable token. Tokens are 32 random bytes, URL-safe Base64, prefixed {@code anx_} so that secret
 * scanners recognise them. A high-entropy token needs no slow hash: nobody can guess one, and the
 * per-address lockout in {@link AuthGuard} bounds the tries.
 */
public final class ApiTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource dataSource;

  public ApiTokens(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Creates a token; the returned string is shown once and never stored.
   *
   * @param grant who it is for and what they may see
   */
  public String create(Principal grant) throws SQLException {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = "anx_" + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    store(token, grant);
    return token;
  }

  /** Stores a given token (the demo's fixed tokens); replaces one with the same label. */
  public void store(String token, Principal grant) throws SQLException {
    String sql =
        "INSERT INTO api_token (token_sha256, label, role, staff_id, facilities, region, county)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (token_sha256) DO UPDATE SET"
            + " label = EXCLUDED.label, role = EXCLUDED.role, staff_id = EXCLUDED.staff_id,"
            + " facilities = EXCLUDED.facilities, region = EXCLUDED.region,"
            + " county = EXCLUDED.county, revoked_at = NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, sha256(token));
      ps.setString(2, grant.label());
      ps.setString(3, grant.role().wireName());
      ps.setString(4, grant.staffId());
      ps.setArray(5, c.createArrayOf("text", grant.facilities().toArray()));
      ps.setString(6, grant.region());
      ps.setString(7, grant.county());
      ps.executeUpdate();
    }
  }

  /** The principal of a valid, unrevoked token. */
  public Optional<Principal> verify(String token) throws SQLException {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    String sql =
        "SELECT label, role, staff_id, facilities, region, county FROM api_token"
            + " WHERE token_sha256 = ? AND revoked_at IS NULL";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, sha256(token));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Array facilities = rs.getArray(4);
        return Optional.of(
            new Principal(
                rs.getString(1),
                Role.fromWireName(rs.getString(2)).orElseThrow(),
                rs.getString(3),
                Set.of((String[]) facilities.getArray()),
                rs.getString(5),
                rs.getString(6)));
      }
    }
  }

  static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always there", e);
    }
  }
}
