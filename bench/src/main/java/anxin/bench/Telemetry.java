package anxin.bench;

import java.time.Duration;

/**
 * Telemetry from simulated devices behind simulated gateways, open loop: {@link GatewayLoad} in
 * this process, or {@link LoadProcess} in a JVM of its own.
 */
interface Telemetry extends AutoCloseable {

  /**
   * Publishes {@code rate} events/s over all gateways for {@code duration}, then waits for the last
   * PUBACK.
   */
  GatewayLoad.Result run(double rate, Duration duration, int maxBatch, Duration flush)
      throws Exception;

  /**
   * What the names of this load's threads in this process contain (its own and its clients'), for a
   * {@link CpuMeter} to count them as the generator's; a load in a process of its own has none.
   */
  String threadNames();

  /** CPU time of this load's threads in this process that have ended. */
  long threadCpuNanos();

  /** CPU time of the process of its own the load runs in; 0 for a load in this process. */
  default long processCpuNanos() {
    return 0;
  }

  @Override
  void close();
}
