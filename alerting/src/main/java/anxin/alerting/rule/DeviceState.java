package anxin.alerting.rule;

import anxin.alerting.RuleId;
import anxin.protocol.Event;

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

  /** The {@code seq} of the newest door and bed event, {@link #NONE} when none yet. */
  private long doorSeq = NONE;

  private long bedSeq = NONE;

  /** Local epoch day of the last battery-low trigger, {@link #NONE} when none yet. */
  long batteryDay = NONE;

  DeviceState(String id, FacilityState facility) {
    this.id = id;
    this.facility = facility;
    this.silent = new Timer(RuleId.DEVICE_SILENT, facility, this, null, null);
  }

  /**
   * True when {@code e} is a door (or bed) event newer, in wrapping {@code seq} order, than every
   * door (or bed) event before it, which it then becomes; such an event sets the door (or bed)
   * state even when it came late, behind an event of another kind.
   */
  boolean newestState(Event e) {
    switch (e.type()) {
      case DOOR_OPEN, DOOR_CLOSE -> {
        if (doorSeq != NONE && !SeqWindow.after(e.seq(), doorSeq)) {
          return false;
        }
        doorSeq = e.seq();
        return true;
      }
      case BED_EXIT, BED_RETURN -> {
        if (bedSeq != NONE && !SeqWindow.after(e.seq(), bedSeq)) {
          return false;
        }
        bedSeq = e.seq();
        return true;
      }
      default -> {
        return false;
      }
    }
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
