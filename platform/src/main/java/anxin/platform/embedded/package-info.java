/** Servers embedded in the platform process when no external one is configured. */
package anxin.platform.embedded;
