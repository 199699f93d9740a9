package anxin.alerting.notify;

import java.util.Objects;

/** The outcome of one send: delivered to the next hop, or failed. */
public sealed interface Delivery permits Delivery.Delivered, Delivery.Failed {

  /** A shared {@link Delivered}. */
  static Delivery delivered() {
    return Delivered.INSTANCE;
  }

  /**
   * @param retryable true when the same message may succeed later (timeouts, 5xx, throttling, link
   *     down); false when it will not (4xx, rejected address, bad configuration)
   * @param reason short, for the outbox and logs; never a phone number or message text
   */
  static Delivery failed(boolean retryable, String reason) {
    return new Failed(retryable, reason);
  }

  /** True for {@link Delivered}. */
  default boolean isDelivered() {
    return this instanceof Delivered;
  }

  /**
   * The next hop accepted the message: the robot answered {@code errcode} 0, the gateway answered
   * success, the SMSC answered {@code submit_sm_resp} OK, or a console subscriber received it. It
   * says nothing about a handset.
   */
  record Delivered() implements Delivery {
    static final Delivered INSTANCE = new Delivered();
  }

  /**
   * The message did not leave.
   *
   * @param retryable whether the outbox should try again later
   * @param reason short and free of personal data, e.g. {@code HTTP 503} or {@code errcode 310000}
   */
  record Failed(boolean retryable, String reason) implements Delivery {
    public Failed {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
