/**
 * The gateway's uplink to the platform's broker: {@link anxin.gateway.uplink.Uplink} sends the
 * journal in batches over MQTT 5 (Paho), configured by {@link anxin.gateway.uplink.UplinkConfig};
 * {@link anxin.gateway.uplink.UplinkTls} builds TLS with an optional client certificate. Packing
 * ({@code Batcher}) and reconnect delays ({@code Backoff}) are pure and package-private.
 */
package anxin.gateway.uplink;
