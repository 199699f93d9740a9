package anxin.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the suite's own (initdb and pg_ctl from {@code bin}) in a directory, on a
 * loopback port, trust authentication: so that it can be stopped and started again without touching
 * the machine's server. PostgreSQL refuses to run as root, so as root the cluster belongs to the
 * {@code postgres} user and every command runs through {@code runuser}.
 */
public final class PrivatePostgres implements AutoCloseable {

  private final Path bin;
  private final Path data;
  private final Path log;
  private final int port;
  private final boolean asPostgres;

  private PrivatePostgres(Path bin, Path data, Path log, int port, boolean asPostgres) {
    this.bin = bin;
    this.data = data;
    this.log = log;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Creates the cluster in {@code dir}/pgdata and starts it on {@code port}. */
  public static PrivatePostgres create(Path bin, Path dir, int port)
      throws IOException, InterruptedException {
    boolean root = "0".equals(run(List.of("id", "-u"), false).strip());
    Path data = dir.resolve("pgdata");
    Files.createDirectories(dir);
    if (root) {
      run(List.of("chown", "postgres", dir.toString()), false);
      // a temporary work directory is created 0700: the postgres user must be able to pass it
      run(List.of("chmod", "o+x", dir.toAbsolutePath().getParent().toString()), false);
    }
    PrivatePostgres pg = new PrivatePostgres(bin, data, dir.resolve("postgres.log"), port, root);
    pg.exec(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    Path conf = data.resolve("postgresql.conf");
    String extra =
        String.join(
            "\n",
            "",
            "port = " + port,
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '" + dir.toAbsolutePath() + "'",
            "max_connections = 60",
            "");
    if (root) {
      // written by root into a file postgres owns: append through runuser keeps the owner
      pg.exec("sh", "-c", "cat >> '" + conf + "' <<'EOF'\n" + extra + "EOF\n");
    } else {
      Files.writeString(
          conf, extra, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }
    pg.start();
    try (Connection c = pg.connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE anxin");
    } catch (SQLException e) {
      throw new IOException("create database: " + e.getMessage(), e);
    }
    return pg;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/anxin";
  }

  public Connection connect() throws SQLException {
    return connect("anxin");
  }

  private Connection connect(String db) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/" + db, "postgres", "");
  }

  /** Starts the server and waits until it takes connections. */
  public void start() throws IOException, InterruptedException {
    exec(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        log.toString(),
        "-w",
        "-t",
        "60",
        "start");
  }

  /** Stops the server (fast shutdown: open sessions are ended) and waits until it is gone. */
  public void stop() throws IOException, InterruptedException {
    exec(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (Files.exists(data.resolve("postmaster.pid"))) {
      exec(
          bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
    }
  }

  private void exec(String... command) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    if (asPostgres) {
      argv.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    argv.addAll(List.of(command));
    run(argv, true);
  }

  private static String run(List<String> argv, boolean check)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + argv);
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(argv + " exited " + p.exitValue() + ": " + out.strip());
    }
    return out;
  }
}
