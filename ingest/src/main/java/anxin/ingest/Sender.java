package anxin.ingest;

import anxin.protocol.topic.Topic;

/**
 * Who sent a message, as far as its transport established it; decides which events it may carry.
 */
public sealed interface Sender {

  /**
   * An MQTT publisher, known by its topic: a device's own topic carries only that device's events,
   * a {@code _batch} topic any device of the facility (DESIGN §3).
   */
  record OnTopic(Topic.EventTopic topic) implements Sender {}

  /**
   * A device authenticated by its credentials (DTLS PSK identity, HTTP device token): it may send
   * only its own events.
   */
  record AuthenticatedDevice(Device device) implements Sender {}

  /**
   * Nobody in particular: plain CoAP when configuration allows it (development, CI). Any
   * provisioned device's events are accepted.
   */
  record Unauthenticated() implements Sender {}
}
