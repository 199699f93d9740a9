package anxin.alerting.core;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** A data source that can be made unreachable: every new connection then fails, as in an outage. */
final class SwitchableDataSource implements DataSource {

  private final DataSource real;
  private volatile boolean down;
  private volatile java.util.concurrent.CountDownLatch hang;
  private final java.util.Set<String> hungThreads =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  SwitchableDataSource(DataSource real) {
    this.real = real;
  }

  void down() {
    down = true;
  }

  void up() {
    down = false;
  }

  /**
   * From now on a connection request waits until {@link #releaseHangAsDown}, then fails as when
   * down: a database that stopped answering mid-write.
   */
  void hang() {
    hang = new java.util.concurrent.CountDownLatch(1);
  }

  /** Names of the threads waiting in a hung connection request now. */
  java.util.Set<String> hungThreads() {
    return hungThreads;
  }

  /** Ends the hang; the waiting requests, and the ones after them, fail until {@link #up}. */
  void releaseHangAsDown() {
    down = true;
    java.util.concurrent.CountDownLatch h = hang;
    hang = null;
    if (h != null) {
      h.countDown();
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    java.util.concurrent.CountDownLatch h = hang;
    if (h != null) {
      String me = Thread.currentThread().getName();
      hungThreads.add(me);
      try {
        h.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        hungThreads.remove(me);
      }
    }
    if (down) {
      throw new SQLException("Connection refused (test outage)", "08001");
    }
    return real.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return real.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    real.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    real.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return real.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return real.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return real.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return real.isWrapperFor(iface);
  }
}
