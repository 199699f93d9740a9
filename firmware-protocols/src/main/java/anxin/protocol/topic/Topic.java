package anxin.protocol.topic;

import anxin.protocol.Ids;

/**
 * A parsed MQTT topic of wire contract v1 (DESIGN §3). Topics arrive from the network, so an
 * unparseable one is a value ({@link Invalid}), not an exception.
 */
public sealed interface Topic
    permits Topic.EventTopic, Topic.StatusTopic, Topic.CommandTopic, Topic.Invalid {

  /** Device level of a gateway's batch topic. */
  String BATCH = "_batch";

  /**
   * {@code anxin/v1/{facility}/{device}/event} or {@code anxin/v1/{facility}/_batch/event}.
   *
   * @param facility facility id
   * @param device a device id, or {@link #BATCH}
   */
  record EventTopic(String facility, String device) implements Topic {
    public EventTopic {
      Ids.requireFacilityId(facility);
      if (!BATCH.equals(device)) {
        Ids.requireDeviceId(device);
      }
    }

    /** True for a gateway's {@code _batch} topic, which may carry events of any device. */
    public boolean isBatch() {
      return BATCH.equals(device);
    }

    @Override
    public String toString() {
      return Topics.event(facility, device);
    }
  }

  /** {@code anxin/v1/{facility}/_gw/{gateway}/status}. */
  record StatusTopic(String facility, String gateway) implements Topic {
    public StatusTopic {
      Ids.requireFacilityId(facility);
      Ids.requireDeviceId(gateway);
    }

    @Override
    public String toString() {
      return Topics.status(facility, gateway);
    }
  }

  /** {@code anxin/v1/{facility}/{device}/cmd}. */
  record CommandTopic(String facility, String device) implements Topic {
    public CommandTopic {
      Ids.requireFacilityId(facility);
      Ids.requireDeviceId(device);
    }

    @Override
    public String toString() {
      return Topics.command(facility, device);
    }
  }

  /**
   * A topic that is not one of ours, or has an invalid id in it.
   *
   * @param detail what is wrong, naming the bad level
   */
  record Invalid(String detail) implements Topic {}
}
