package anxin.gateway;

import anxin.protocol.Reason;

/**
 * What the local adapters count: events accepted, rejections by {@link Reason}, and failures of the
 * gateway itself ({@code outcome=error}). Implementations are thread-safe and never throw.
 */
public interface AdapterMetrics {

  /** Counts nothing. */
  AdapterMetrics NOOP =
      new AdapterMetrics() {
        @Override
        public void accepted(Source source, int events) {}

        @Override
        public void rejected(Source source, Reason reason) {}

        @Override
        public void ignored(Source source) {}

        @Override
        public void error(Source source) {}
      };

  /** {@code events} events from {@code source} were stored in the journal. */
  void accepted(Source source, int events);

  /** One message or envelope from {@code source} was rejected for {@code reason}. */
  void rejected(Source source, Reason reason);

  /** A message that is not for us (e.g. {@code zigbee2mqtt/bridge/*}) was skipped. */
  void ignored(Source source);

  /** Handling a message failed on the gateway's side (a bug, or the journal failing). */
  void error(Source source);
}
