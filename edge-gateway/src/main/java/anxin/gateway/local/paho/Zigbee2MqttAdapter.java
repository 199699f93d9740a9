package anxin.gateway.local.paho;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Intake;
import anxin.gateway.Source;
import anxin.gateway.local.Admission;
import anxin.gateway.zigbee.Translation;
import anxin.gateway.zigbee.Z2mState;
import anxin.gateway.zigbee.Z2mTranslator;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6 item 1b: subscribes to {@code zigbee2mqtt/#} on the LAN broker and turns the state of
 * mapped Zigbee sensors into events ({@link Z2mTranslator}); ignores {@code zigbee2mqtt/bridge/*}.
 * The events made are validated like any other ({@link Admission#made}) before the {@link Intake}.
 */
public final class Zigbee2MqttAdapter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Zigbee2MqttAdapter.class);

  private final LanSubscriber subscriber;
  private final Z2mState state;
  private final Object lock;

  private Zigbee2MqttAdapter(LanSubscriber subscriber, Z2mState state, Object lock) {
    this.subscriber = subscriber;
    this.state = state;
    this.lock = lock;
  }

  /** Subscribes in the background. */
  public static Zigbee2MqttAdapter start(
      LanBroker broker,
      String clientId,
      Z2mTranslator translator,
      Z2mState state,
      Admission admission,
      Intake intake,
      AdapterMetrics metrics,
      Clock clock) {
    Object lock = new Object();
    LanSubscriber.Handler handler =
        (topic, payload) -> {
          synchronized (lock) {
            handle(translator, admission, intake, metrics, clock, topic, payload);
          }
        };
    LanSubscriber s =
        LanSubscriber.start(
            broker, clientId, List.of(translator.filter()), handler, Source.ZIGBEE2MQTT, metrics);
    return new Zigbee2MqttAdapter(s, state, lock);
  }

  private static void handle(
      Z2mTranslator translator,
      Admission admission,
      Intake intake,
      AdapterMetrics metrics,
      Clock clock,
      String topic,
      byte[] payload)
      throws IOException {
    Translation t = translator.translate(topic, payload, clock.instant());
    if (t.ignored()) {
      metrics.ignored(Source.ZIGBEE2MQTT);
      return;
    }
    if (t.rejected() != null) {
      metrics.rejected(Source.ZIGBEE2MQTT, t.rejected());
      log.debug(
          "z2m: rejected {} on a {}-byte message: {}", t.rejected(), payload.length, t.detail());
      return;
    }
    intake.accept(Source.ZIGBEE2MQTT, admission.made(Source.ZIGBEE2MQTT, t.events()).events());
    translator.commit(); // only now: if the journal failed, the resent message gives them again
  }

  public boolean connected() {
    return subscriber.connected();
  }

  /** Unsubscribes and saves the adapter's state. */
  @Override
  public void close() throws IOException {
    subscriber.close();
    synchronized (lock) {
      state.save();
    }
  }
}
