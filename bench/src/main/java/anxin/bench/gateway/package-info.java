/**
 * The edge gateway's benchmark ({@code anxin-bench gateway}, docs/benchmarks.md): the packaged
 * gateway ({@code -Ppi}) as a child JVM with its Raspberry Pi flags, its own Mosquitto brokers for
 * the LAN and the platform, simulated sensors, a counting platform-side subscriber, and a raw Paho
 * floor.
 */
package anxin.bench.gateway;
