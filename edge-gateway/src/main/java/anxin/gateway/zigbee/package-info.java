/**
 * Zigbee2MQTT to wire contract v1, without I/O but the state file: the mapping file ({@link
 * anxin.gateway.zigbee.Z2mMapping}), the translation of device state to events on changes ({@link
 * anxin.gateway.zigbee.Z2mTranslator}) and the persisted seq and field memory ({@link
 * anxin.gateway.zigbee.Z2mState}).
 */
package anxin.gateway.zigbee;
