package anxin.gateway.fallback;

import anxin.protocol.Event;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured local actions: a command run with {@link ProcessBuilder} (an argument list, no
 * shell, output discarded, killed after its timeout) and a JSON POST to a LAN webhook with {@link
 * HttpClient}. Both start at once and run side by side. Only device, event and gateway fields are
 * passed on, never anything about the resident: the gateway knows nothing about residents.
 *
 * <p>Environment of the command: {@code ANXIN_ALARM_TYPE} ({@code panic} or {@code fall}), {@code
 * ANXIN_DEVICE}, {@code ANXIN_SEQ}, {@code ANXIN_EVENT_TS} (ms, when the device has a clock),
 * {@code ANXIN_FACILITY}, {@code ANXIN_GATEWAY}, {@code ANXIN_RAISED_AT} (ISO-8601), {@code
 * ANXIN_UPLINK_DOWN_SECONDS}. The webhook body has the same fields, in snake case.
 */
public final class CommandWebhookActions implements AlarmActions, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CommandWebhookActions.class);

  private final FallbackConfig config;
  private final String facility;
  private final String gateway;
  private final ExecutorService commands;
  private final HttpClient http;

  public CommandWebhookActions(FallbackConfig config, String facility, String gateway) {
    this.config = config;
    this.facility = facility;
    this.gateway = gateway;
    this.commands =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "anxin-fallback-command");
              t.setDaemon(true);
              return t;
            });
    this.http =
        config.webhook() == null
            ? null
            : HttpClient.newBuilder().connectTimeout(config.webhookTimeout()).build();
  }

  @Override
  public CompletableFuture<Outcome> raise(LocalAlarm alarm) {
    Map<String, String> fields = fields(alarm);
    CompletableFuture<String> command =
        config.command().isEmpty()
            ? CompletableFuture.completedFuture("none")
            : CompletableFuture.supplyAsync(() -> runCommand(fields), commands);
    CompletableFuture<String> webhook =
        http == null ? CompletableFuture.completedFuture("none") : post(fields);
    return command.thenCombine(webhook, Outcome::new);
  }

  private Map<String, String> fields(LocalAlarm alarm) {
    Event e = alarm.event();
    Map<String, String> f = new LinkedHashMap<>();
    f.put("alarm_type", e.type().wireName());
    f.put("device", e.dev());
    f.put("seq", Long.toString(e.seq()));
    if (e.ts() != null) {
      f.put("event_ts", Long.toString(e.ts()));
    }
    f.put("facility", facility);
    f.put("gateway", gateway);
    f.put("raised_at", alarm.raisedAt().toString());
    f.put("uplink_down_seconds", Long.toString(alarm.uplinkDownMillis() / 1000));
    return f;
  }

  private String runCommand(Map<String, String> fields) {
    ProcessBuilder pb = new ProcessBuilder(config.command());
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    fields.forEach((k, v) -> env.put("ANXIN_" + k.toUpperCase(java.util.Locale.ROOT), v));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      log.error("fallback: command {} did not start: {}", config.command().get(0), e.getMessage());
      return "error";
    }
    try {
      if (!p.waitFor(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        log.warn("fallback: command killed after {}", config.commandTimeout());
        return "timeout";
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return "error";
    }
    int exit = p.exitValue();
    if (exit != 0) {
      log.warn("fallback: command exited {}", exit);
    }
    return exit == 0 ? "ok" : "exit " + exit;
  }

  private CompletableFuture<String> post(Map<String, String> fields) {
    StringBuilder body = new StringBuilder("{");
    fields.forEach(
        (k, v) -> {
          if (body.length() > 1) {
            body.append(',');
          }
          body.append('"').append(k).append("\":");
          boolean number = k.equals("seq") || k.equals("event_ts") || k.endsWith("_seconds");
          body.append(number ? v : '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        });
    body.append('}');
    HttpRequest request =
        HttpRequest.newBuilder(config.webhook())
            .timeout(config.webhookTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build();
    try {
      return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .handle(
              (r, failure) -> {
                if (failure == null) {
                  int s = r.statusCode();
                  if (s / 100 != 2) {
                    log.warn("fallback: webhook answered {}", s);
                  }
                  return s / 100 == 2 ? "ok" : "http " + s;
                }
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                log.warn("fallback: webhook failed: {}", cause.toString());
                return cause instanceof HttpTimeoutException ? "timeout" : "error";
              });
    } catch (RuntimeException e) {
      log.warn("fallback: webhook failed: {}", e.toString());
      return CompletableFuture.completedFuture("error");
    }
  }

  @Override
  public void close() {
    commands.shutdownNow();
  }
}
