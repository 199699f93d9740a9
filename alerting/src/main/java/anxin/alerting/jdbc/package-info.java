/** JDBC helpers the alert store and the outbox share. */
package anxin.alerting.jdbc;
