package anxin.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

  private static final String FACILITY_32 = "f-0123456789abcdefghijklmnopqrsz";
  private static final String DEVICE_64 =
      "Da._-a._-a._-a._-a._-a._-a._-a._-a._-a._-a._-a._-a._-a._-a._-xyz";

  @ParameterizedTest
  @CsvSource({
    "sunrise-home, pb-0001",
    "a, 7",
    "0-9, Door.Main_01",
    FACILITY_32 + ", " + DEVICE_64,
  })
  void eventTopic_builtThenParsed_givesTheSameFacilityAndDevice(String facility, String device) {
    String topic = Topics.event(facility, device);

    assertThat(topic).isEqualTo("anxin/v1/" + facility + "/" + device + "/event");
    assertThat(Topics.parse(topic)).isEqualTo(new Topic.EventTopic(facility, device));
    assertThat(Topics.parse(topic)).hasToString(topic);
  }

  @Test
  void batchTopic_builtThenParsed_isTheFacilitysBatchTopic() {
    String topic = Topics.batch("sunrise-home");

    Topic parsed = Topics.parse(topic);

    assertThat(topic).isEqualTo("anxin/v1/sunrise-home/_batch/event");
    assertThat(parsed).isEqualTo(new Topic.EventTopic("sunrise-home", Topic.BATCH));
    assertThat(((Topic.EventTopic) parsed).isBatch()).isTrue();
    assertThat(parsed).hasToString(topic);
  }

  @Test
  void deviceEventTopic_isNotABatchTopic() {
    assertThat(((Topic.EventTopic) Topics.parse("anxin/v1/f1/pb-0001/event")).isBatch()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"sunrise-home, gw-01", "a, 7", FACILITY_32 + ", " + DEVICE_64})
  void statusTopic_builtThenParsed_givesTheSameFacilityAndGateway(String facility, String gateway) {
    String topic = Topics.status(facility, gateway);

    assertThat(topic).isEqualTo("anxin/v1/" + facility + "/_gw/" + gateway + "/status");
    assertThat(Topics.parse(topic)).isEqualTo(new Topic.StatusTopic(facility, gateway));
    assertThat(Topics.parse(topic)).hasToString(topic);
  }

  @ParameterizedTest
  @CsvSource({"sunrise-home, pb-0001", "a, 7", FACILITY_32 + ", " + DEVICE_64})
  void commandTopic_builtThenParsed_givesTheSameFacilityAndDevice(String facility, String device) {
    String topic = Topics.command(facility, device);

    assertThat(topic).isEqualTo("anxin/v1/" + facility + "/" + device + "/cmd");
    assertThat(Topics.parse(topic)).isEqualTo(new Topic.CommandTopic(facility, device));
    assertThat(Topics.parse(topic)).hasToString(topic);
  }

  @Test
  void everyTopic_randomValidIds_roundTrip() {
    Random random = new Random(20260101);
    for (int i = 0; i < 500; i++) {
      String facility = randomId(random, "abcdefghijklmnopqrstuvwxyz0123456789", "-", 32);
      String device =
          randomId(
              random, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "_.-", 64);

      assertThat(Topics.parse(Topics.event(facility, device)))
          .isEqualTo(new Topic.EventTopic(facility, device));
      assertThat(Topics.parse(Topics.status(facility, device)))
          .isEqualTo(new Topic.StatusTopic(facility, device));
      assertThat(Topics.parse(Topics.command(facility, device)))
          .isEqualTo(new Topic.CommandTopic(facility, device));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // facility ids: [a-z0-9][a-z0-9-]{0,31}
        "anxin/v1/Sunrise-home/pb-0001/event",
        "anxin/v1/f0123456789abcdefghijklmnopqrstuv/pb-0001/event", // 33 characters
        "anxin/v1/-sunrise/pb-0001/event",
        "anxin/v1/sunrise_home/pb-0001/event",
        "anxin/v1/sunrise.home/pb-0001/event",
        // device ids: [A-Za-z0-9][A-Za-z0-9_.-]{0,63}, or _batch on an event topic
        "anxin/v1/f1/-pb/event",
        "anxin/v1/f1/_pb/event",
        "anxin/v1/f1/_gw/event",
        "anxin/v1/f1/_batch/cmd",
        "anxin/v1/f1/pb 1/event",
        "anxin/v1/f1/_gw/-gw/status",
        "anxin/v1/f1/_gw/_batch/status",
        // wrong number of levels
        "anxin/v1/f1/pb-0001",
        "anxin/v1/f1/pb-0001/event/extra",
        "anxin/v1/f1/event",
        "anxin/v1/f1/_gw/status",
        "anxin/v1/f1/_gw/gw-01/status/extra",
        "anxin/v1/f1",
        "anxin/v1/",
        "anxin/v1",
        "anxin",
        "",
        // not ours
        "anxin/v2/f1/pb-0001/event",
        "Anxin/v1/f1/pb-0001/event",
        "anxin/v1/f1/pb-0001/EVENT",
        "anxin/v1/f1/pb-0001/status",
        "anxin/v1/f1/gw/gw-01/status",
        "$share/anxin-ingest/anxin/v1/f1/pb-0001/event",
        "$SYS/broker/uptime",
        // empty levels
        "/anxin/v1/f1/pb-0001/event",
        "anxin//v1/f1/pb-0001/event",
        "anxin/v1//pb-0001/event",
        "anxin/v1/f1//event",
        "anxin/v1/f1/pb-0001/",
        "anxin/v1/f1/pb-0001/event/",
        "anxin/v1/f1/_gw//status",
        // wildcards are for subscriptions, never in a received topic
        "anxin/v1/+/pb-0001/event",
        "anxin/v1/f1/+/event",
        "anxin/v1/f1/pb-0001/+",
        "anxin/v1/f1/#",
        "anxin/v1/#",
        "anxin/v1/f1/_gw/+/status",
        "anxin/v1/f1/pb#/event",
        "anxin/v1/f+/pb-0001/event",
      })
  void parse_notOneOfOurTopics_isInvalidWithADetail(String topic) {
    Topic parsed = Topics.parse(topic);

    assertThat(parsed).isInstanceOf(Topic.Invalid.class);
    assertThat(((Topic.Invalid) parsed).detail()).isNotBlank();
  }

  @ParameterizedTest
  @NullSource
  void parse_null_isInvalid(String topic) {
    assertThat(Topics.parse(topic)).isInstanceOf(Topic.Invalid.class);
  }

  @Test
  void parse_subscriptionFilters_areInvalidAsReceivedTopics() {
    assertThat(Topics.parse(Topics.SHARED_EVENT_SUBSCRIPTION)).isInstanceOf(Topic.Invalid.class);
    assertThat(Topics.parse(Topics.ALL_EVENTS)).isInstanceOf(Topic.Invalid.class);
    assertThat(Topics.parse(Topics.ALL_GATEWAY_STATUS)).isInstanceOf(Topic.Invalid.class);
  }

  @Test
  void parse_badFacility_detailNamesTheLevel() {
    Topic parsed = Topics.parse("anxin/v1/Sunrise/pb-0001/event");

    assertThat(((Topic.Invalid) parsed).detail()).contains("facility").contains("Sunrise");
  }

  @Test
  void parse_badDevice_detailNamesTheLevel() {
    Topic parsed = Topics.parse("anxin/v1/f1/-pb/event");

    assertThat(((Topic.Invalid) parsed).detail()).contains("device").contains("-pb");
  }

  @Test
  void subscriptions_areTheOnesOfTheContract() {
    assertThat(Topics.SHARED_EVENT_SUBSCRIPTION)
        .isEqualTo("$share/anxin-ingest/anxin/v1/+/+/event");
    assertThat(Topics.ALL_GATEWAY_STATUS).isEqualTo("anxin/v1/+/_gw/+/status");
    assertThat(Topics.COAP_EVENTS_PATH).isEqualTo("/v1/events");
    assertThat(Topics.HTTP_EVENTS_PATH).isEqualTo("/api/v1/events");
  }

  @Test
  void parse_deviceIdOf65Characters_isInvalid() {
    assertThat(Topics.parse("anxin/v1/f1/" + DEVICE_64 + "/event"))
        .isInstanceOf(Topic.EventTopic.class);
    assertThat(Topics.parse("anxin/v1/f1/" + DEVICE_64 + "0/event"))
        .isInstanceOf(Topic.Invalid.class);
    assertThat(Topics.parse("anxin/v1/f1/" + DEVICE_64 + "0/cmd"))
        .isInstanceOf(Topic.Invalid.class);
    assertThat(Topics.parse("anxin/v1/f1/_gw/" + DEVICE_64 + "0/status"))
        .isInstanceOf(Topic.Invalid.class);
  }

  @ParameterizedTest
  @CsvSource({
    "Sunrise, pb-0001, Sunrise",
    "-f, pb-0001, -f",
    "f0123456789abcdefghijklmnopqrstuv, pb-0001, f0123456789abcdefghijklmnopqrstuv",
    "f1, _gw, _gw",
    "f1, -pb, -pb",
    "f1, pb/1, pb/1",
    "f1, pb+, pb+",
  })
  void builders_invalidIds_throwNamingTheValue(String facility, String device, String bad) {
    assertThatThrownBy(() -> Topics.event(facility, device))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad);
    assertThatThrownBy(() -> Topics.status(facility, device))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Topics.command(facility, device))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builders_batchIsAnEventLevelOnly() {
    assertThatThrownBy(() -> Topics.command("f1", Topic.BATCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("_batch");
    assertThatThrownBy(() -> Topics.status("f1", Topic.BATCH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String randomId(Random r, String first, String extra, int maxLength) {
    String rest = first + extra;
    int length = 1 + r.nextInt(maxLength);
    StringBuilder b = new StringBuilder().append(first.charAt(r.nextInt(first.length())));
    for (int i = 1; i < length; i++) {
      b.append(rest.charAt(r.nextInt(rest.length())));
    }
    return b.toString();
  }
}
