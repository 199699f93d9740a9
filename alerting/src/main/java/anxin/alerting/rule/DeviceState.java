package anxin.alerting.rule;

import anxin.alerting.RuleId;

/** What the engine remembers about one device. Mutable; owned by the engine's single caller. */
final class DeviceState {

  static final long NONE = Long.MIN_VALUE;

  final String id;
  final FacilityState facility;
  final SeqWindow seqs = new SeqWindow();

  /** Resident and room from the latest observation; null when the device has none. */
  String resident;

  String room;

  /** Last message heard, ms since the epoch (platform clock). */
  long lastHeard;

  final Timer silent;

  /** Created on the device's first door or bed event: most devices never need them. */
  Timer doorLeftOpen;

  Timer nightExit;
  Timer notBackInBed;

  /** The latest fall and fall_cancel: event time (ms) and seq, {@link #NONE} when none yet. */
  long fallAt = NONE;

  long fallSeq;
  boolean fallCancelled;
  long cancelAt = NONE;
  long cancelSeq;

  /** Local epoch day of the last battery-low trigger, {@link #NONE} when none yet. */
  long batteryDay = NONE;

  DeviceState(String id, FacilityState facility) {
    this.id = id;
    this.facility = facility;
    this.silent = new Timer(RuleId.DEVICE_SILENT, facility, this, null, null);
  }

  Timer doorLeftOpen() {
    if (doorLeftOpen == null) {
      doorLeftOpen = new Timer(RuleId.DOOR_LEFT_OPEN, facility, this, null, null);
      nightExit = new Timer(RuleId.NIGHT_EXIT, facility, this, null, null);
    }
    return doorLeftOpen;
  }

  Timer nightExit() {
    doorLeftOpen();
    return nightExit;
  }

  Timer notBackInBed() {
    if (notBackInBed == null) {
      notBackInBed = new Timer(RuleId.NOT_BACK_IN_BED, facility, this, null, null);
    }
    return notBackInBed;
  }
}
