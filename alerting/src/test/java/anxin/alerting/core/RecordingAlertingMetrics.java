package anxin.alerting.core;

import anxin.alerting.Severity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every page latency the core reports, with the thread it was reported on. */
final class RecordingAlertingMetrics implements AlertingMetrics {

  record Latency(Severity severity, long nanos, String thread) {}

  final List<Latency> latencies = new CopyOnWriteArrayList<>();

  @Override
  public void pageLatency(Severity severity, long nanos) {
    latencies.add(new Latency(severity, nanos, Thread.currentThread().getName()));
  }
}
