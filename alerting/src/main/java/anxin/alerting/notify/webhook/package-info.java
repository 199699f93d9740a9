/**
 * Webhook channel over the JDK's {@code java.net.http.HttpClient}: Anxin's generic JSON, and the
 * DingTalk and WeCom group-robot message formats (see {@code docs/alerting-channels.md} for the
 * formats and their sources).
 */
package anxin.alerting.notify.webhook;
