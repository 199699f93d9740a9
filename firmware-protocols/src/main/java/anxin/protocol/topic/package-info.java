/**
 * MQTT topic scheme (events, gateway batches, gateway status, device commands), CoAP and HTTP
 * paths, and the rules for which events a topic may carry.
 */
package anxin.protocol.topic;
