/**
 * The local adapters' common ground: {@link anxin.gateway.local.Admission} validates what LAN
 * sensors send with the wire contract's codec and topic rules, {@link
 * anxin.gateway.local.JournalIntake} stores it, {@link anxin.gateway.local.AdapterCounters} counts
 * outcomes. The adapters themselves are in {@code .paho} (MQTT, Zigbee2MQTT) and {@code .coap}.
 */
package anxin.gateway.local;
