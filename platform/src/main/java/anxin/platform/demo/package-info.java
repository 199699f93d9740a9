/**
 * The one-command demo (issue 5): care homes in the eight counties of Wenshan prefecture and a few
 * retrofitted homes of people living alone, provisioned into an embedded platform, their devices
 * simulated over MQTT and CoAP, pages delivered to a local SMS and robot sink that the demo prints.
 */
package anxin.platform.demo;
