/**
 * Local adapters on the LAN's MQTT broker (Paho MQTT 5): {@link
 * anxin.gateway.local.paho.MqttAdapter} for sensors that speak wire contract v1, {@link
 * anxin.gateway.local.paho.Zigbee2MqttAdapter} for Zigbee sensors through Zigbee2MQTT, both on
 * {@link anxin.gateway.local.paho.LanSubscriber}.
 */
package anxin.gateway.local.paho;
