package anxin.protocol.topic;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.protocol.Event;
import anxin.protocol.EventType;
import anxin.protocol.Reason;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicRulesTest {

  private static final String SUNRISE = "sunrise-home";
  private static final String LOTUS = "lotus-court";

  private final DeviceDirectory directory =
      DeviceDirectory.of(
          Map.of(
              "pb-0001", SUNRISE,
              "fall-0102", SUNRISE,
              "lc-pb-0009", LOTUS));

  private static Topic.EventTopic deviceTopic(String facility, String device) {
    return (Topic.EventTopic) Topics.parse(Topics.event(facility, device));
  }

  private static Topic.EventTopic batchTopic(String facility) {
    return (Topic.EventTopic) Topics.parse(Topics.batch(facility));
  }

  private static Event panicFrom(String dev) {
    return Event.of(dev, 1, EventType.PANIC);
  }

  private Optional<Reason> check(Topic.EventTopic topic, Event event) {
    return TopicRules.check(topic, event, directory).map(TopicRules.Refusal::reason);
  }

  @Test
  void check_deviceOnItsOwnTopic_accepted() {
    assertThat(check(deviceTopic(SUNRISE, "pb-0001"), panicFrom("pb-0001"))).isEmpty();
    assertThat(check(deviceTopic(LOTUS, "lc-pb-0009"), panicFrom("lc-pb-0009"))).isEmpty();
  }

  @Test
  void check_devicesOfTheFacilityOnItsBatchTopic_accepted() {
    assertThat(check(batchTopic(SUNRISE), panicFrom("pb-0001"))).isEmpty();
    assertThat(check(batchTopic(SUNRISE), panicFrom("fall-0102"))).isEmpty();
  }

  @Test
  void check_unknownDeviceOnItsOwnTopic_unknownDevice() {
    assertThat(check(deviceTopic(SUNRISE, "pb-9999"), panicFrom("pb-9999")))
        .contains(Reason.UNKNOWN_DEVICE);
  }

  @Test
  void check_unknownDeviceOnABatchTopic_unknownDevice() {
    assertThat(check(batchTopic(SUNRISE), panicFrom("pb-9999"))).contains(Reason.UNKNOWN_DEVICE);
  }

  @Test
  void check_unknownDeviceOnAnotherDevicesTopic_unknownDeviceComesFirst() {
    assertThat(check(deviceTopic(SUNRISE, "pb-0001"), panicFrom("pb-9999")))
        .contains(Reason.UNKNOWN_DEVICE);
  }

  @Test
  void check_anotherFacilitysDeviceOnABatchTopic_facilityMismatch() {
    assertThat(check(batchTopic(SUNRISE), panicFrom("lc-pb-0009")))
        .contains(Reason.FACILITY_MISMATCH);
  }

  @Test
  void check_deviceUnderTheWrongFacilityOnItsOwnId_facilityMismatch() {
    assertThat(check(deviceTopic(SUNRISE, "lc-pb-0009"), panicFrom("lc-pb-0009")))
        .contains(Reason.FACILITY_MISMATCH);
  }

  @Test
  void check_anotherFacilitysDeviceOnADeviceTopic_facilityMismatchNotUnauthorized() {
    assertThat(check(deviceTopic(SUNRISE, "pb-0001"), panicFrom("lc-pb-0009")))
        .contains(Reason.FACILITY_MISMATCH);
  }

  @Test
  void check_anotherDeviceOfTheSameFacilityOnADeviceTopic_unauthorized() {
    assertThat(check(deviceTopic(SUNRISE, "pb-0001"), panicFrom("fall-0102")))
        .contains(Reason.UNAUTHORIZED);
  }

  @Test
  void check_knownDeviceOnTheTopicOfAnUnprovisionedDevice_unauthorized() {
    assertThat(check(deviceTopic(SUNRISE, "pb-9999"), panicFrom("pb-0001")))
        .contains(Reason.UNAUTHORIZED);
  }

  @Test
  void check_refusal_detailNamesTheDeviceAndTheTopic() {
    TopicRules.Refusal mismatch =
        TopicRules.check(batchTopic(SUNRISE), panicFrom("lc-pb-0009"), directory).orElseThrow();
    TopicRules.Refusal unauthorized =
        TopicRules.check(deviceTopic(SUNRISE, "pb-0001"), panicFrom("fall-0102"), directory)
            .orElseThrow();
    TopicRules.Refusal unknown =
        TopicRules.check(batchTopic(SUNRISE), panicFrom("pb-9999"), directory).orElseThrow();

    assertThat(mismatch.detail()).contains("lc-pb-0009").contains(SUNRISE);
    assertThat(unauthorized.detail()).contains("fall-0102").contains("pb-0001");
    assertThat(unknown.detail()).contains("pb-9999");
  }

  @Test
  void check_onlyTheDeviceAndFacilityMatter_notTheEventsContent() {
    Event full =
        Event.of("pb-0001", 4_294_967_295L, EventType.BATTERY_LOW)
            .withTs(1_767_225_600_000L)
            .withBat(3)
            .withRssi(-99)
            .withData(Map.of("note", "x"));

    assertThat(check(deviceTopic(SUNRISE, "pb-0001"), full)).isEmpty();
    assertThat(check(deviceTopic(SUNRISE, "fall-0102"), full)).contains(Reason.UNAUTHORIZED);
  }
}
