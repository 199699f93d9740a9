/**
 * The platform's one configuration file (YAML), environment overrides, and validation that lists
 * every problem at once. The reference in docs/operations.md is generated from {@link
 * anxin.platform.config.ConfigKey}.
 */
package anxin.platform.config;
