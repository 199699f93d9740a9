/**
 * The {@code anxin} command line: entry point and wiring. The only place that reads the
 * environment.
 */
package anxin.platform.app;
