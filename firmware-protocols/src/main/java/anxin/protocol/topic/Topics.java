package anxin.protocol.topic;

import anxin.protocol.Ids;

/** Builds and parses the MQTT topics and names the CoAP and HTTP paths of DESIGN §3. */
public final class Topics {

  /** First two levels of every topic. */
  public static final String PREFIX = "anxin/v1/";

  /** The shared subscription by which ingest nodes split the event load (MQTT 5 §4.8.2). */
  public static final String SHARED_EVENT_SUBSCRIPTION = "$share/anxin-ingest/anxin/v1/+/+/event";

  /** The share group of {@link #SHARED_EVENT_SUBSCRIPTION}. */
  public static final String INGEST_SHARE_GROUP = "anxin-ingest";

  /**
   * The shared event subscription for another share group (e.g. a second, independent platform on
   * the same broker, or a test that must not mix with other sessions of the default group).
   */
  public static String sharedEventSubscription(String shareGroup) {
    if (shareGroup.isEmpty() || shareGroup.matches(".*[/+#].*")) {
      throw new IllegalArgumentException("invalid MQTT share group: \"" + shareGroup + "\"");
    }
    return "$share/" + shareGroup + "/" + ALL_EVENTS;
  }

  /** Event topics of every facility and device, without sharing (tests, tools). */
  public static final String ALL_EVENTS = "anxin/v1/+/+/event";

  /** Status topics of every gateway, subscribed to by the ingest tier. */
  public static final String ALL_GATEWAY_STATUS = "anxin/v1/+/_gw/+/status";

  /** CoAP resource path for events (POST). */
  public static final String COAP_EVENTS_PATH = "/v1/events";

  /** HTTP path for events (POST). */
  public static final String HTTP_EVENTS_PATH = "/api/v1/events";

  private static final String GATEWAY_LEVEL = "_gw";

  private Topics() {}

  /** {@code anxin/v1/{facility}/{device}/event}; throws on an invalid id. */
  public static String event(String facility, String device) {
    Ids.requireFacilityId(facility);
    if (!Topic.BATCH.equals(device)) {
      Ids.requireDeviceId(device);
    }
    return PREFIX + facility + '/' + device + "/event";
  }

  /** {@code anxin/v1/{facility}/_batch/event}; throws on an invalid id. */
  public static String batch(String facility) {
    return event(facility, Topic.BATCH);
  }

  /** {@code anxin/v1/{facility}/_gw/{gateway}/status}; throws on an invalid id. */
  public static String status(String facility, String gateway) {
    return PREFIX
        + Ids.requireFacilityId(facility)
        + "/_gw/"
        + Ids.requireDeviceId(gateway)
        + "/status";
  }

  /** {@code anxin/v1/{facility}/{device}/cmd}; throws on an invalid id. */
  public static String command(String facility, String device) {
    return PREFIX + Ids.requireFacilityId(facility) + '/' + Ids.requireDeviceId(device) + "/cmd";
  }

  /**
   * Parses a topic received from the broker.
   *
   * @return the topic, or {@link Topic.Invalid} naming the problem; never null
   */
  public static Topic parse(String topic) {
    if (topic == null || !topic.startsWith(PREFIX)) {
      return new Topic.Invalid("topic does not start with " + PREFIX);
    }
    String[] levels = topic.substring(PREFIX.length()).split("/", -1);
    if (levels.length < 3) {
      return new Topic.Invalid("topic has too few levels");
    }
    String facility = levels[0];
    if (!Ids.isFacilityId(facility)) {
      return new Topic.Invalid("facility level is not a facility id: " + bounded(facility));
    }
    if (levels.length == 3 && "event".equals(levels[2])) {
      String device = levels[1];
      if (!Topic.BATCH.equals(device) && !Ids.isDeviceId(device)) {
        return new Topic.Invalid("device level is not a device id or _batch: " + bounded(device));
      }
      return new Topic.EventTopic(facility, device);
    }
    if (levels.length == 3 && "cmd".equals(levels[2])) {
      if (!Ids.isDeviceId(levels[1])) {
        return new Topic.Invalid("device level is not a device id: " + bounded(levels[1]));
      }
      return new Topic.CommandTopic(facility, levels[1]);
    }
    if (levels.length == 4 && GATEWAY_LEVEL.equals(levels[1]) && "status".equals(levels[3])) {
      if (!Ids.isDeviceId(levels[2])) {
        return new Topic.Invalid("gateway level is not a gateway id: " + bounded(levels[2]));
      }
      return new Topic.StatusTopic(facility, levels[2]);
    }
    return new Topic.Invalid("not an event, status or command topic");
  }

  private static String bounded(String s) {
    return '"' + (s.length() > 64 ? s.substring(0, 64) + "…" : s) + '"';
  }
}
