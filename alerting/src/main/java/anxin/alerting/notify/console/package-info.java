/**
 * The staff console channel: an in-process publisher ({@link
 * anxin.alerting.notify.console.ConsolePublisher}) that the platform's SSE endpoint subscribes to.
 */
package anxin.alerting.notify.console;
