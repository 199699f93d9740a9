package anxin.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import anxin.platform.server.Platform;
import anxin.testing.MqttBroker;
import anxin.testing.Postgres;
import anxin.testing.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Prometheus expression of the dashboards reads only metrics that a running platform exports
 * at {@code /metrics}. The platform runs on the test's PostgreSQL and broker; a panic press opens
 * one alert so that the lazily registered {@code anxin_alerts_opened_total} is there, and its pages
 * give the page latency timer a P1 sample and the outbox a console delivery or failure.
 */
@ExtendWith(TestServices.class)
class PrometheusExpressionsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void everyExpression_namesMetricsTheRunningPlatformExports(
      Postgres server, MqttBroker broker, @TempDir Path data) throws Exception {
    try (anxin.platform.server.PlatformRig rig =
        new anxin.platform.server.PlatformRig(server, broker, data)) {
      Platform platform = rig.platform;
      // fa-pb-1 is in room 101, zone A, where caregiver fa-cg is on shift: the panic pages.
      rig.publish("fa", "fa-pb-1", "panic");
      // JVM GC timers appear with the first collection; a young process may not have had one.
      System.gc();
      String base = "http://127.0.0.1:" + platform.httpPort();
      HttpClient http = HttpClient.newHttpClient();
      String[] exposition = new String[1];
      await()
          .atMost(WAIT)
          .until(
              () -> {
                exposition[0] =
                    http.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body();
                return exposition[0].contains("anxin_alerts_opened_total{")
                    && exposition[0].contains("jvm_gc_pause_seconds_sum")
                    && sample(exposition[0], "anxin_alert_page_latency_seconds_count", "P1") > 0
                    && sample(exposition[0], "anxin_outbox_delivery_seconds_count", "console")
                            + sample(exposition[0], "anxin_outbox_failures_total", "console")
                        > 0;
              });
      Set<String> exported = sampleNames(exposition[0]);

      Set<String> used = new HashSet<>();
      for (Dashboards.Target t : Dashboards.allTargets()) {
        if (t.isSql()) {
          continue;
        }
        Set<String> names = PromQl.metricNames(t.query());
        assertThat(names).as("%s reads some metric: %s", t.key(), t.query()).isNotEmpty();
        assertThat(exported).as("%s: %s", t.key(), t.query()).containsAll(names);
        used.addAll(names);
      }
      assertThat(used)
          .contains(
              "anxin_ingest_events_total",
              "anxin_alerts_opened_total",
              "anxin_alerting_database_writable",
              "anxin_alert_page_latency_seconds_bucket",
              "anxin_outbox_delivery_seconds_bucket",
              "anxin_outbox_failures_total",
              "anxin_outbox_pending",
              "jvm_memory_used_bytes");
    }
  }

  /**
   * The sum of the samples of {@code name} whose labels include the value {@code label}, e.g. the
   * page latency count of severity P1; 0 when there is none.
   */
  static double sample(String exposition, String name, String label) {
    double sum = 0;
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + "{") && line.contains("=\"" + label + "\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /**
   * Sample names of a Prometheus text exposition, e.g. {@code anxin_ingest_latency_seconds_bucket}.
   */
  static Set<String> sampleNames(String exposition) {
    Set<String> out = new HashSet<>();
    for (String line : exposition.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
        end++;
      }
      out.add(line.substring(0, end));
    }
    return out;
  }
}
