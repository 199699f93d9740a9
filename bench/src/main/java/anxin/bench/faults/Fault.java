package anxin.bench.faults;

/** The faults of issue 9 item 1, each run against its own facility. */
public enum Fault {
  PLATFORM_KILL("a", "platform kill -9"),
  DATABASE_STOP("b", "PostgreSQL stopped"),
  BROKER_RESTART("c", "broker restarted"),
  UPLINK_CUT("d", "gateway uplink cut"),
  GATEWAY_KILL("e", "gateway kill -9 in flush"),
  DISK_FULL("f", "gateway disk full"),
  OVERLOAD("g", "5x burst");

  private final String letter;
  private final String label;

  Fault(String letter, String label) {
    this.letter = letter;
    this.label = label;
  }

  /** The facility the fault runs against. */
  String facility() {
    return "fault-" + letter;
  }

  /** The device id prefix of its devices. */
  String prefix() {
    return letter + "-dev-";
  }

  public String label() {
    return "(" + letter + ") " + label;
  }

  boolean gateway() {
    return this == UPLINK_CUT || this == GATEWAY_KILL || this == DISK_FULL;
  }
}
