package anxin.gateway.local.paho;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Intake;
import anxin.gateway.Source;
import anxin.gateway.local.Admission;
import anxin.protocol.topic.Topics;
import java.io.IOException;
import java.util.List;

/**
 * Issue 6 item 1a: sensors that already speak wire contract v1 publish to the LAN broker on the
 * topics of DESIGN §3 ({@code anxin/v1/{facility}/{device}/event}); this adapter subscribes to
 * {@code anxin/v1/{facility}/+/event}, validates each message as the platform would ({@link
 * Admission}) and hands the accepted events to the {@link Intake}.
 *
 * <p>Messages on {@code anxin/v1/{facility}/_batch/event} are skipped (counted as ignored): that is
 * where gateways publish, this one included, so a LAN broker that is also the uplink's broker
 * cannot feed the gateway its own batches in a loop. Sensors publish on their own topics.
 */
public final class MqttAdapter implements AutoCloseable {

  private final LanSubscriber subscriber;

  private MqttAdapter(LanSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /**
   * Subscribes in the background.
   *
   * @param clientId stable across restarts (the broker keeps the session by it)
   */
  public static MqttAdapter start(
      LanBroker broker,
      String clientId,
      Admission admission,
      Intake intake,
      AdapterMetrics metrics) {
    String filter = Topics.PREFIX + admission.facility() + "/+/event";
    String ownBatches = Topics.batch(admission.facility());
    LanSubscriber.Handler handler =
        (topic, payload) -> {
          if (topic.equals(ownBatches)) {
            metrics.ignored(Source.MQTT);
            return;
          }
          handle(admission, intake, topic, payload);
        };
    return new MqttAdapter(
        LanSubscriber.start(broker, clientId, List.of(filter), handler, Source.MQTT, metrics));
  }

  private static void handle(Admission admission, Intake intake, String topic, byte[] payload)
      throws IOException {
    Admission.Result r = admission.onTopic(Source.MQTT, topic, payload);
    intake.accept(Source.MQTT, r.events());
  }

  public boolean connected() {
    return subscriber.connected();
  }

  @Override
  public void close() {
    subscriber.close();
  }
}
