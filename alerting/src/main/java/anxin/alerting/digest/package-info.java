/**
 * The daily digest of P3 (technical) alerts (DESIGN §5: "P3 goes to the console and a daily digest,
 * never SMS at night"). {@link anxin.alerting.digest.DigestSlot} (which day's digest is due when)
 * and {@link anxin.alerting.digest.DigestMessages} (who gets what) are pure and take time as an
 * argument; {@link anxin.alerting.digest.DigestJob} is the thin part: its own thread, an injected
 * clock, the database through {@link anxin.alerting.store.JdbcAlertStore} and the notification
 * outbox. Nothing here runs on the alerting core's thread.
 */
package anxin.alerting.digest;
