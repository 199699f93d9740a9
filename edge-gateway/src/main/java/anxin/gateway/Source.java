package anxin.gateway;

/** Where on the LAN an event came from: one local adapter each. Used as a metric tag value. */
public enum Source {
  /** Sensors publishing wire contract v1 to the LAN broker. */
  MQTT("mqtt"),
  /** Zigbee sensors through Zigbee2MQTT on the LAN broker. */
  ZIGBEE2MQTT("z2m"),
  /** Constrained sensors posting to the gateway's CoAP server. */
  COAP("coap");

  private final String tag;

  Source(String tag) {
    this.tag = tag;
  }

  /** Lower-case name for logs and metric tags. */
  public String tag() {
    return tag;
  }

  @Override
  public String toString() {
    return tag;
  }
}
