package anxin.protocol.sim;

/** The kinds of device the simulator emulates, and the suffix of their ids. */
public enum DeviceKind {
  PANIC_BUTTON("pb"),
  FALL_SENSOR("fall"),
  BED_SENSOR("bed"),
  MOTION_SENSOR("pir"),
  DOOR_SENSOR("door");

  private final String idSuffix;

  DeviceKind(String idSuffix) {
    this.idSuffix = idSuffix;
  }

  /** Suffix used in generated device ids, e.g. {@code fuyuan-r12-fall}. */
  public String idSuffix() {
    return idSuffix;
  }
}
