/**
 * Wire contract v1 between devices, gateways and the platform (DESIGN §3): the event envelope
 * ({@link anxin.protocol.Event}), event types, rejection reasons, identifier syntax and limits.
 * Pure Java with no I/O; every other module depends on it.
 */
package anxin.protocol;
