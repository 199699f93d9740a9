/**
 * The runnable gateway: {@link anxin.gateway.app.Main} reads one configuration file ({@link
 * anxin.gateway.app.GatewayConfig}, keys in {@link anxin.gateway.app.Setting}) and {@link
 * anxin.gateway.app.Gateway} wires adapters, journal, uplink and local fallback. The only place
 * that reads the environment.
 */
package anxin.gateway.app;
