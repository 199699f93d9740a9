package anxin.alerting.jdbc;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Columns of many rows as PostgreSQL arrays, so that one statement of fixed text ({@code INSERT ...
 * SELECT ... FROM unnest(?::text[], ...)}) inserts them all and can share a round trip with other
 * statements, where a JDBC batch is a statement of its own.
 *
 * <p>Timestamps travel as text ({@code ?::timestamptz[]} on a {@code text[]}), each an ISO-8601
 * instant in UTC rounded half up to the microsecond, as pgjdbc rounds a bound {@code Timestamp}: a
 * row written this way and the same row written with {@code setTimestamp} are equal, so a replayed
 * write still meets its earlier copy in a unique key.
 */
public final class PgArrays {

  private PgArrays() {}

  /** A {@code text[]}; null elements are SQL NULLs. */
  public static Array text(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("text", values.toArray());
  }

  /** An {@code int4[]}. */
  public static Array int4(Connection c, List<Integer> values) throws SQLException {
    return c.createArrayOf("int4", values.toArray());
  }

  /** An {@code int8[]}. */
  public static Array int8(Connection c, List<Long> values) throws SQLException {
    return c.createArrayOf("int8", values.toArray());
  }

  /**
   * {@code instant} as PostgreSQL reads a {@code timestamptz} (bind with {@code ?::timestamptz}, or
   * in a {@link #text} array cast to {@code timestamptz[]}); null for null.
   */
  public static String time(Instant instant) {
    if (instant == null) {
      return null;
    }
    return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
  }
}
