/**
 * Notification channels (DESIGN §5, issue 4 item 5): the boundary between escalation and the
 * outside world. Escalation hands an {@link anxin.alerting.notify.OutgoingMessage} (dedup key,
 * {@link anxin.alerting.notify.Channel}, address, language, {@link
 * anxin.alerting.notify.MessageKind}, params) to a {@link anxin.alerting.notify.ChannelSender} and
 * gets a {@link anxin.alerting.notify.Delivery} back: delivered, or failed and whether a retry can
 * help. {@link anxin.alerting.notify.Templates} renders the texts in zh-CN and en, naming residents
 * only as far as {@link anxin.alerting.notify.ResidentDisplay} allows; {@link
 * anxin.alerting.notify.SmsText} holds the SMS length rules; {@link
 * anxin.alerting.notify.NotifyConfig} reads every channel setting ({@link
 * anxin.alerting.notify.NotifySetting}) and reports all problems at once.
 *
 * <p>Adapters live below, named after what they hide: {@code .console} (in-process publisher),
 * {@code .webhook} (generic JSON, DingTalk and WeCom robots over {@code java.net.http}), {@code
 * .sms} (HTTP SMS gateway) and {@code .smpp} (SMPP 3.4 with jSMPP). This package does not depend on
 * the alert lifecycle or escalation.
 */
package anxin.alerting.notify;
