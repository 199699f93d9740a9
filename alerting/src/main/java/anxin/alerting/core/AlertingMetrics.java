package anxin.alerting.core;

import anxin.alerting.Severity;

/**
 * What the {@link AlertingCore} reports. Called on the core's thread, so implementations must be
 * quick, must not block and must not throw: record into a pre-registered meter and return.
 */
@FunctionalInterface
public interface AlertingMetrics {

  /** Reports nothing. */
  AlertingMetrics NOOP = (severity, nanos) -> {};

  /**
   * An observation caused pages, and they have just been handed on (to the persister, which writes
   * them to the outbox, or to the direct sender while the database is down). Called once per
   * observation and severity of the alerts it paged for; resolution messages are not pages.
   *
   * @param nanos from {@link anxin.alerting.Observation#receivedAt()} to the hand-off, in
   *     nanoseconds by the core's clock; never negative
   */
  void pageLatency(Severity severity, long nanos);

  /**
   * One transaction of the alerts' history (alerts, timeline, outbox rows, progress) was committed;
   * called on the persister's thread. A page written by it leaves once it commits.
   *
   * @param nanos from the transaction's start to its commit, the connection's checkout included
   * @param paging whether it carried notifications due now
   */
  default void alertWrite(long nanos, boolean paging) {}
}
