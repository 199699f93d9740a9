package anxin.testing;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A database on a real PostgreSQL server, provided by {@link TestServices}.
 *
 * <p>Obtain one as a test method or constructor parameter of a class extended with
 * {@code @ExtendWith(TestServices.class)}, or from {@link TestServices#postgres()}. The server is
 * shared by every test of the run (and, for an external server, possibly by other runs): tests that
 * create schemas should work in their own database from {@link #freshDatabase()}.
 *
 * <p>Implementations are immutable and thread-safe. No method returns {@code null}.
 */
public interface Postgres {

  /**
   * The JDBC URL of this database, with the user but never the password, for example {@code
   * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}. Pass {@link #password()} separately (for
   * example {@code DriverManager.getConnection(jdbcUrl(), user(), password())}).
   */
  String jdbcUrl();

  /** The server's host name or address as given in {@link #jdbcUrl()}, without brackets. */
  String host();

  /** The server's TCP port. */
  int port();

  /** The name of this database on the server. */
  String database();

  /** The user to connect as. */
  String user();

  /** The password of {@link #user()}; empty when the server needs none (trust authentication). */
  String password();

  /**
   * Where the server comes from: {@code "external"} (named by {@code ANXIN_TEST_PG_URL}), {@code
   * "testcontainers"} or {@code "embedded"}.
   */
  String origin();

  /**
   * Opens a new connection to this database, in auto-commit mode. The caller closes it.
   *
   * @throws SQLException when the server refuses or cannot be reached
   */
  Connection connect() throws SQLException;

  /**
   * Creates a new, empty database with a unique name ({@code anxin_it_} and 12 random lowercase hex
   * digits) on the same server, as the same user, and returns it. Databases created this way on an
   * external server are dropped when the test run ends; other servers are discarded whole.
   *
   * @throws IllegalStateException when the database cannot be created, with the server's reason
   */
  Postgres freshDatabase();
}
