package anxin.gateway.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.testing.FuzzInput;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The Zigbee2MQTT translator on any message, on one of the mapped devices' topics or any topic,
 * with the mapping of {@link Z2mTranslatorTest}: it ignores, rejects with a reason and a detail, or
 * makes valid events; never throws (its state is in memory, so no I/O can fail).
 */
public final class Z2mFuzzTarget {

  static final List<String> NAMES =
      List.of("room12/door", "Room 12 button", "hall motion", "bath radar", "pendant", "bridge");

  private final Z2mTranslator translator =
      new Z2mTranslator(Z2mMapping.parse(Z2mTranslatorTest.MAPPING), Z2mState.inMemory());
  private long minutes;

  public void run(FuzzInput in) throws IOException {
    int which = in.pick(NAMES.size() + 1);
    String text = in.text(300);
    String topic = which < NAMES.size() ? "zigbee2mqtt/" + NAMES.get(which) : text;
    byte[] payload = in.rest();

    Translation t = translator.translate(topic, payload, Instant.EPOCH.plusSeconds(60 * minutes++));

    if (t.rejected() != null) {
      assertThat(t.detail()).isNotBlank();
      assertThat(t.events()).isEmpty();
    } else if (!t.ignored()) {
      translator.commit();
    }
  }
}
