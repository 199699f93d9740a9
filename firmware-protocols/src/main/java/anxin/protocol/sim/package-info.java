/**
 * The device simulator: emulated firmware of panic buttons, fall, door, bed and motion sensors,
 * scenarios as data, and a runner driven by an injected pace so that a night takes milliseconds in
 * a test and real time in the demo. Used by the demo, the tests and the load generator.
 */
package anxin.protocol.sim;
