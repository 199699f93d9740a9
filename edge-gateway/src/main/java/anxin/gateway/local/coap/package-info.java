/** The gateway's local CoAP server (Californium): {@code POST /v1/events} for LAN sensors. */
package anxin.gateway.local.coap;
