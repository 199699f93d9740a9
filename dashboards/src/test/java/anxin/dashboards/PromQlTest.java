package anxin.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void metricNames_skipFunctionsLabelsGroupingAndRanges() {
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, stage)"
                    + " (rate(anxin_ingest_latency_seconds_bucket{stage=\"a b\"}[$__rate_interval])))"))
        .containsExactly("anxin_ingest_latency_seconds_bucket");
    assertThat(PromQl.metricNames("rate(a_sum[5m]) / rate(a_count[5m]) and on (x) up"))
        .containsExactly("a_sum", "a_count", "up");
    assertThat(PromQl.metricNames("1e3 * process_cpu_usage offset 5m"))
        .containsExactly("process_cpu_usage");
  }
}
