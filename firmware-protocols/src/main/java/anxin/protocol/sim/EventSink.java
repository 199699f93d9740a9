package anxin.protocol.sim;

import anxin.protocol.Event;

/** Where simulated devices send their events: a broker, a CoAP server, a recording, a printer. */
public interface EventSink extends AutoCloseable {

  /**
   * Sends one event of {@code device}. Returns when the transport has accepted it (for MQTT QoS 1,
   * on PUBACK; for Confirmable CoAP, on the response).
   *
   * @throws SinkException when it could not be delivered
   */
  void send(SimulatedDevice device, Event event);

  @Override
  default void close() {}

  /** Delivery failed; the message says why. */
  final class SinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
