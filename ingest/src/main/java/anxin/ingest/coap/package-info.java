/**
 * The CoAP endpoint of DESIGN §3 with Eclipse Californium and Scandium: {@code POST /v1/events}
 * over DTLS 1.2 with pre-shared keys (identity = device id), and over plain CoAP where
 * configuration allows it. Public: {@link anxin.ingest.coap.CoapIngestServer} and its {@link
 * anxin.ingest.coap.CoapIngestConfig}; everything else is package-private.
 */
package anxin.ingest.coap;
