/** Simulator output over CoAP with Eclipse Californium. */
package anxin.protocol.sim.coap;
