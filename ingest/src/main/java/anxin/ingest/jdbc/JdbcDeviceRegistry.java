package anxin.ingest.jdbc;

import anxin.ingest.Device;
import anxin.ingest.DeviceRegistry;
import anxin.ingest.registry.TokenHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device registry of the {@code device} table, answered from an immutable in-memory snapshot of
 * every active device that is replaced whole when the table changes. A background thread (named
 * {@code anxin-registry-listener}) holds one pooled connection with {@code LISTEN anxin_registry}
 * (the migration's triggers notify on any change to {@code facility} or {@code device}) and reloads
 * on a notification, bursts coalesced, and in any case every {@code fullReloadEvery}. When the
 * connection drops it reconnects with backoff and reloads; meanwhile the last snapshot keeps
 * answering.
 */
public final class JdbcDeviceRegistry implements DeviceRegistry, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JdbcDeviceRegistry.class);
  static final String CHANNEL = "anxin_registry";
  private static final int POLL_MS = 250; // bounds how long close() waits for the thread
  private static final int COALESCE_MS = 50;
  private static final long MAX_COALESCE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final DataSource dataSource;
  private final PskCipher cipher;
  private final long fullReloadNanos;
  private final Thread thread;
  private final OutageLog outage = new OutageLog(log, "registry: listening for changes");
  private volatile RegistrySnapshot snapshot = RegistrySnapshot.EMPTY;
  private volatile boolean closed;

  private JdbcDeviceRegistry(DataSource dataSource, PskCipher cipher, Duration fullReloadEvery) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    if (fullReloadEvery.toMillis() < 1) {
      throw new IllegalArgumentException("fullReloadEvery must be positive: " + fullReloadEvery);
    }
    this.fullReloadNanos = fullReloadEvery.toNanos();
    this.thread = new Thread(this::listen, "anxin-registry-listener");
    thread.setDaemon(true);
  }

  /** Loads the registry and starts following changes, with a full reload every 60 s. */
  public static JdbcDeviceRegistry start(DataSource dataSource, PskCipher cipher)
      throws SQLException {
    return start(dataSource, cipher, Duration.ofSeconds(60));
  }

  /**
   * Loads the registry (before returning) and starts following changes.
   *
   * @throws SQLException when the first load fails
   */
  public static JdbcDeviceRegistry start(
      DataSource dataSource, PskCipher cipher, Duration fullReloadEvery) throws SQLException {
    JdbcDeviceRegistry registry = new JdbcDeviceRegistry(dataSource, cipher, fullReloadEvery);
    try (Connection c = dataSource.getConnection()) {
      registry.snapshot = RegistrySnapshot.load(c, cipher);
    }
    log.info("registry: {} active devices", registry.snapshot.byId().size());
    registry.thread.start();
    return registry;
  }

  @Override
  public Optional<Device> find(String deviceId) {
    return Optional.ofNullable(snapshot.byId().get(deviceId));
  }

  @Override
  public Optional<Device> findByToken(String token) {
    RegistrySnapshot s = snapshot;
    String id = s.idByTokenHash().get(TokenHash.of(token));
    return id == null ? Optional.empty() : Optional.ofNullable(s.byId().get(id));
  }

  @Override
  public Optional<byte[]> pskOf(String deviceId) {
    byte[] key = snapshot.psks().get(deviceId);
    return key == null ? Optional.empty() : Optional.of(key.clone());
  }

  /** Active devices in the current snapshot. */
  public int size() {
    return snapshot.byId().size();
  }

  /** Stops following changes and gives back the connection; lookups keep answering. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void listen() {
    for (int attempt = 0; !closed; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        reload(c); // catches up on whatever changed while not listening
        outage.succeeded(System.nanoTime());
        attempt = 0;
        follow(c);
        try (Statement s = c.createStatement()) {
          s.execute("UNLISTEN *"); // back to the pool: else notifications pile up in its driver
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        outage.failed(e, System.nanoTime());
        long pause = Backoff.nanos(attempt);
        for (long end = System.nanoTime() + pause; !closed && System.nanoTime() - end < 0; ) {
          LockSupport.parkNanos(this, end - System.nanoTime());
        }
      }
    }
  }

  /** Waits for notifications on {@code c}, reloading on them and every fullReloadEvery. */
  private void follow(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long nextFull = System.nanoTime() + fullReloadNanos;
    while (!closed) {
      long untilFull = TimeUnit.NANOSECONDS.toMillis(nextFull - System.nanoTime());
      PGNotification[] got = pg.getNotifications((int) Math.max(1, Math.min(POLL_MS, untilFull)));
      if (got != null && got.length > 0) {
        // coalesce a burst (a bulk import): wait for a quiet moment, but at most 1 s
        long burstEnd = System.nanoTime() + MAX_COALESCE_NANOS;
        while (!closed && System.nanoTime() - burstEnd < 0) {
          got = pg.getNotifications(COALESCE_MS);
          if (got == null || got.length == 0) {
            break;
          }
        }
        reload(c);
        nextFull = System.nanoTime() + fullReloadNanos;
      } else if (System.nanoTime() - nextFull >= 0) {
        reload(c);
        nextFull = System.nanoTime() + fullReloadNanos;
      }
    }
  }

  private void reload(Connection c) throws SQLException {
    RegistrySnapshot next = RegistrySnapshot.load(c, cipher);
    snapshot = next;
    log.debug("registry: reloaded, {} active devices", next.byId().size());
  }
}
