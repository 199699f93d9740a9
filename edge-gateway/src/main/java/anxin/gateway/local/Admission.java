package anxin.gateway.local;

import anxin.gateway.AdapterMetrics;
import anxin.gateway.Source;
import anxin.protocol.DecodeResult;
import anxin.protocol.Decoded;
import anxin.protocol.Event;
import anxin.protocol.Ids;
import anxin.protocol.Reason;
import anxin.protocol.codec.EventCodec;
import anxin.protocol.topic.DeviceDirectory;
import anxin.protocol.topic.Topic;
import anxin.protocol.topic.TopicRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates every byte a local sensor sends with the wire contract's own codec and topic rules
 * (DESIGN §3), as the platform will, so that the journal holds only events the platform accepts.
 * Each rejection is counted by {@link Reason} and logged at DEBUG; nothing here throws on input.
 * Thread-safe.
 */
public final class Admission {

  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  /** One rejected message or envelope. */
  public record Rejection(Reason reason, String detail) {}

  /** What became of one message: the events to store and the rejections, in message order. */
  public record Result(List<Event> events, List<Rejection> rejections) {}

  private final EventCodec codec = new EventCodec();
  private final String facility;
  private final DeviceDirectory directory;
  private final Topic.EventTopic anyDevice;
  private final AdapterMetrics metrics;

  /**
   * @param facility the gateway's facility; events of other facilities are refused
   * @param devices the devices this gateway serves; empty means any valid device id (the platform
   *     still checks it is provisioned)
   */
  public Admission(String facility, Set<String> devices, AdapterMetrics metrics) {
    this.facility = Ids.requireFacilityId(facility);
    Set<String> known = Set.copyOf(devices);
    for (String d : known) {
      Ids.requireDeviceId(d);
    }
    this.directory =
        device ->
            known.isEmpty() || known.contains(device) ? Optional.of(facility) : Optional.empty();
    this.anyDevice = new Topic.EventTopic(facility, Topic.BATCH);
    this.metrics = metrics;
  }

  public String facility() {
    return facility;
  }

  /** True when {@code device} may send through this gateway. */
  public boolean knows(String device) {
    return directory.facilityOf(device).isPresent();
  }

  /**
   * Decodes a message that arrived on an MQTT topic of the LAN broker and checks every envelope
   * against the topic (DESIGN §3: own topic, or {@code _batch}).
   */
  public Result onTopic(Source source, String topic, byte[] payload) {
    Topic parsed = anxin.protocol.topic.Topics.parse(topic);
    if (!(parsed instanceof Topic.EventTopic eventTopic)) {
      return refuseWhole(source, Reason.MALFORMED, "not an event topic");
    }
    return check(source, eventTopic, codec.decode(payload));
  }

  /** Decodes a message that arrived without a topic (CoAP): any device of the facility. */
  public Result direct(Source source, byte[] payload) {
    return check(source, anyDevice, codec.decode(payload));
  }

  /** Checks events the gateway made itself (Zigbee2MQTT translation) like any other. */
  public Result made(Source source, List<Event> events) {
    List<Decoded> items = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      items.add(new Decoded.Accepted(i, events.get(i)));
    }
    return check(source, anyDevice, new DecodeResult(items, true));
  }

  private Result check(Source source, Topic.EventTopic topic, DecodeResult decoded) {
    List<Event> events = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();
    if (!topic.facility().equals(facility)) {
      return refuseWhole(
          source,
          Reason.FACILITY_MISMATCH,
          "topic's facility \"" + topic.facility() + "\" is not this gateway's");
    }
    for (Decoded d : decoded.items()) {
      if (d instanceof Decoded.Rejected r) {
        rejections.add(new Rejection(r.reason(), r.detail()));
        continue;
      }
      Event e = ((Decoded.Accepted) d).event();
      Optional<TopicRules.Refusal> refusal = TopicRules.check(topic, e, directory);
      if (refusal.isPresent()) {
        rejections.add(new Rejection(refusal.get().reason(), refusal.get().detail()));
      } else {
        events.add(e);
      }
    }
    for (Rejection r : rejections) {
      metrics.rejected(source, r.reason());
      log.debug("{}: rejected {}: {}", source, r.reason(), r.detail());
    }
    return new Result(List.copyOf(events), List.copyOf(rejections));
  }

  private Result refuseWhole(Source source, Reason reason, String detail) {
    metrics.rejected(source, reason);
    log.debug("{}: rejected {}: {}", source, reason, detail);
    return new Result(List.of(), List.of(new Rejection(reason, detail)));
  }
}
