package anxin.alerting.notify;

/** The body a webhook target expects. */
public enum WebhookFormat {
  /** Anxin's own JSON: {@code {"alert":…,"severity":…,"title":…,"text":…}}; 2xx is success. */
  GENERIC,
  /** DingTalk custom group robot ({@code msgtype} markdown or text, optional signing). */
  DINGTALK,
  /** WeCom (企业微信) group robot ({@code msgtype} markdown or text). */
  WECOM
}
