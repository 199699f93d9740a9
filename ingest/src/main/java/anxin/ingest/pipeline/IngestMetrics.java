package anxin.ingest.pipeline;

import anxin.ingest.Outcome;
import anxin.ingest.Transport;
import anxin.protocol.EventType;
import anxin.protocol.Reason;

/** What the pipeline reports. Tag values come from enums only: never device ids. */
public interface IngestMetrics {

  /** One decoded event's fate ({@code type} null when the envelope could not be read). */
  void event(Transport transport, EventType type, Outcome.Status status);

  /** One rejection, by reason. */
  void rejected(Transport transport, Reason reason);

  /** Receive to hand-off to alerting, in nanoseconds. */
  void handoffLatency(Transport transport, long nanos);

  /** Receive to durable in the database, in nanoseconds. */
  void durableLatency(Transport transport, long nanos);

  /** Reports nothing. */
  IngestMetrics NOOP =
      new IngestMetrics() {
        @Override
        public void event(Transport transport, EventType type, Outcome.Status status) {}

        @Override
        public void rejected(Transport transport, Reason reason) {}

        @Override
        public void handoffLatency(Transport transport, long nanos) {}

        @Override
        public void durableLatency(Transport transport, long nanos) {}
      };
}
