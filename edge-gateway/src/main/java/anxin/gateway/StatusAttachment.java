package anxin.gateway;

/**
 * Extra members of the gateway's retained status message ({@code anxin/v1/{facility}/_gw/{gateway}
 * /status}, DESIGN §3), e.g. the local alarms raised while the uplink was down. The uplink asks for
 * a snapshot each time it publishes the status and reports when the broker acknowledged it.
 */
public interface StatusAttachment {

  /** Attaches nothing. */
  StatusAttachment NONE =
      new StatusAttachment() {
        @Override
        public Snapshot snapshot() {
          return null;
        }

        @Override
        public void delivered(Snapshot snapshot) {}
      };

  /**
   * What to attach.
   *
   * @param jsonMembers JSON object members without the braces, e.g. {@code "local_alarms":[…]}
   * @param token opaque to the uplink; handed back to {@link #delivered}
   */
  record Snapshot(String jsonMembers, long token) {}

  /** The members for the next status message, or null for none. Called on the uplink's thread. */
  Snapshot snapshot();

  /** The broker acknowledged (PUBACK) a status message that carried {@code snapshot}. */
  void delivered(Snapshot snapshot);
}
