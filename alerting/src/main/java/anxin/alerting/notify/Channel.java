package anxin.alerting.notify;

/** Where an {@link OutgoingMessage} goes. */
public enum Channel {
  /** The staff console: an in-process publisher the platform's SSE endpoint subscribes to. */
  CONSOLE,
  /** A pager/IM webhook: generic JSON, DingTalk or WeCom group robot. */
  WEBHOOK,
  /** A text message to a phone, through an HTTP SMS gateway or SMPP 3.4. */
  SMS
}
