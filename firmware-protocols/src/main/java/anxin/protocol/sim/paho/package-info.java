/** Simulator output over MQTT 5 with Eclipse Paho. */
package anxin.protocol.sim.paho;
