/**
 * Local fallback alarms (issue 6 item 4): {@link anxin.gateway.fallback.LocalFallback} decides, by
 * an injected clock and the uplink's state, when a {@code panic} or {@code fall} must be raised on
 * site; {@link anxin.gateway.fallback.CommandWebhookActions} runs the configured command and calls
 * the LAN webhook; {@link anxin.gateway.fallback.AlarmLog} records each local alarm and reports it
 * upstream in the gateway's status message.
 */
package anxin.gateway.fallback;
