/**
 * The edge gateway's vocabulary: the boundaries between the local adapters, the durable {@link
 * anxin.gateway.Journal} and the uplink.
 */
package anxin.gateway;
