package anxin.ingest;

/** How a message reached the platform; a metric tag value. */
public enum Transport {
  MQTT,
  COAP,
  HTTP;

  /** Lower-case name for metric tags and logs. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
