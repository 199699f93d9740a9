package anxin.protocol.topic;

import anxin.protocol.Event;
import anxin.protocol.Reason;
import java.util.Optional;

/**
 * Which events a topic may carry (DESIGN §3). A device's own topic carries only that device's
 * events; a gateway's {@code _batch} topic carries events of any device of its facility.
 */
public final class TopicRules {

  /**
   * A refusal: the reason of DESIGN §3 and a detail naming the device and topic.
   *
   * @param reason {@code unknown_device}, {@code facility_mismatch} or {@code unauthorized}
   * @param detail human-readable detail
   */
  public record Refusal(Reason reason, String detail) {}

  private TopicRules() {}

  /**
   * Checks one decoded event against the topic it arrived on, in this order: the device must be
   * provisioned ({@code unknown_device}); its facility must be the topic's ({@code
   * facility_mismatch}); on a device topic it must be that device ({@code unauthorized}).
   *
   * @return empty when the event may be carried on this topic
   */
  public static Optional<Refusal> check(Topic.EventTopic topic, Event event, DeviceDirectory dir) {
    Optional<String> facility = dir.facilityOf(event.dev());
    if (facility.isEmpty()) {
      return Optional.of(
          new Refusal(Reason.UNKNOWN_DEVICE, "dev: \"" + event.dev() + "\" is not provisioned"));
    }
    if (!facility.get().equals(topic.facility())) {
      return Optional.of(
          new Refusal(
              Reason.FACILITY_MISMATCH,
              "dev: \""
                  + event.dev()
                  + "\" does not belong to facility \""
                  + topic.facility()
                  + "\" of the topic"));
    }
    if (!topic.isBatch() && !topic.device().equals(event.dev())) {
      return Optional.of(
          new Refusal(
              Reason.UNAUTHORIZED,
              "dev: \""
                  + event.dev()
                  + "\" may not be published on the topic of device \""
                  + topic.device()
                  + "\""));
    }
    return Optional.empty();
  }
}
