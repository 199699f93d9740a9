/**
 * The fault suite (issue 9): the whole platform, a gateway and their brokers and database as
 * private child processes, driven under load while faults are injected, and checked by counting
 * stored events and received pages (docs/reliability.md).
 */
package anxin.bench.faults;
