/** SMS through a configurable HTTP SMS gateway, over the JDK's {@code java.net.http}. */
package anxin.alerting.notify.sms;
