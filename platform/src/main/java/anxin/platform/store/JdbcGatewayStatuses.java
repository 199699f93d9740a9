package anxin.platform.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest status of every gateway in table {@code gateway_status}, written on its own
 * thread so that the MQTT callback thread never waits for the database. Statuses waiting to be
 * written are held per gateway, latest wins, at most {@code capacity} gateways; a status for
 * another gateway beyond that is dropped and counted. A failed write is tried again after {@code
 * retryMillis} (a newer status of the same gateway replaces the failed one). A status for a
 * facility that is not provisioned is not stored, and counted.
 */
public final class JdbcGatewayStatuses implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcGatewayStatuses.class);

  private static final String UPSERT =
      "INSERT INTO gateway_status"
          + " (facility_id, gateway_id, state, version, queued, local_alarms, updated_at, evicted)"
          + " SELECT ?, ?, ?, ?, ?, ?::jsonb, ?, ? WHERE EXISTS (SELECT 1 FROM facility WHERE id = ?)"
          + " ON CONFLICT (facility_id, gateway_id) DO UPDATE SET state = EXCLUDED.state,"
          + " version = COALESCE(EXCLUDED.version, gateway_status.version),"
          + " queued = COALESCE(EXCLUDED.queued, gateway_status.queued),"
          + " evicted = COALESCE(EXCLUDED.evicted, gateway_status.evicted),"
          + " local_alarms = EXCLUDED.local_alarms, updated_at = EXCLUDED.updated_at"
          + " WHERE gateway_status.updated_at <= EXCLUDED.updated_at";

  private final DataSource dataSource;
  private final int capacity;
  private final long retryMillis;
  private final ScheduledThreadPoolExecutor thread;
  private final Map<String, GatewayReport> waiting = new LinkedHashMap<>(); // guarded by this
  private boolean drainScheduled; // guarded by this
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong unknownFacility = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  public JdbcGatewayStatuses(DataSource dataSource, int capacity, long retryMillis) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    this.retryMillis = retryMillis;
    this.thread =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "anxin-gateway-status");
              t.setDaemon(true);
              return t;
            });
    this.thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Queues a status to be stored. Never blocks; false when it was dropped. */
  public boolean offer(GatewayReport r) {
    synchronized (this) {
      String key = key(r);
      if (!waiting.containsKey(key) && waiting.size() >= capacity) {
        dropped.incrementAndGet();
        return false;
      }
      waiting.put(key, r);
      if (drainScheduled) {
        return true;
      }
      drainScheduled = true;
    }
    schedule(0);
    return true;
  }

  /** Statuses dropped because {@code capacity} gateways were already waiting. */
  public long dropped() {
    return dropped.get();
  }

  /** Statuses not stored because their facility is not provisioned (or one newer was stored). */
  public long unknownFacility() {
    return unknownFacility.get();
  }

  /** Statuses stored. */
  public long written() {
    return written.get();
  }

  /** Stops, writing what waits if the database answers. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String key(GatewayReport r) {
    return r.facility() + '\u0000' + r.gateway();
  }

  private void schedule(long delayMillis) {
    try {
      thread.schedule(this::drain, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // closed: what waits is not stored; the gateways publish again every 30 s
    }
  }

  private void drain() {
    List<GatewayReport> batch;
    synchronized (this) {
      batch = new ArrayList<>(waiting.values());
      waiting.clear();
      drainScheduled = false;
    }
    if (batch.isEmpty()) {
      return;
    }
    try {
      write(batch);
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "gateway status: {} not stored, retrying in {} ms: {}",
          batch.size(),
          retryMillis,
          e.toString());
      synchronized (this) {
        for (GatewayReport r : batch) {
          if (waiting.size() < capacity || waiting.containsKey(key(r))) {
            waiting.putIfAbsent(key(r), r); // a newer one that came meanwhile wins
          } else {
            dropped.incrementAndGet();
          }
        }
        if (drainScheduled) {
          return;
        }
        drainScheduled = true;
      }
      schedule(retryMillis);
    }
  }

  private void write(List<GatewayReport> batch) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(UPSERT)) {
      for (GatewayReport r : batch) {
        ps.setString(1, r.facility());
        ps.setString(2, r.gateway());
        ps.setString(3, r.online() ? "online" : "offline");
        ps.setString(4, r.version());
        if (r.queued() == null) {
          ps.setNull(5, Types.BIGINT);
        } else {
          ps.setLong(5, r.queued());
        }
        ps.setString(6, r.localAlarmsJson());
        ps.setTimestamp(7, Timestamp.from(r.receivedAt()));
        if (r.evicted() == null) {
          ps.setNull(8, Types.BIGINT);
        } else {
          ps.setLong(8, r.evicted());
        }
        ps.setString(9, r.facility());
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      for (int n : counts) {
        if (n == 0) {
          unknownFacility.incrementAndGet();
        } else {
          written.incrementAndGet();
        }
      }
    }
  }
}
