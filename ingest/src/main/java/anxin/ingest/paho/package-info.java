/** The MQTT transport of the ingest tier, with Eclipse Paho (MQTT 5). */
package anxin.ingest.paho;
