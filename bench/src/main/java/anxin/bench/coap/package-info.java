/**
 * The CoAP figure: our ingest endpoint ({@code POST /v1/events}, plain CoAP, the real pipeline and
 * writer into a scratch PostgreSQL database) next to a bare Californium server that answers every
 * POST 2.04 and does nothing else, both driven by the same Californium client load in the same run.
 * {@link anxin.bench.coap.CoapBench#run} is the entry point; see {@code docs/benchmarks.md}.
 */
package anxin.bench.coap;
