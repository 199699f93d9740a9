package anxin.ingest.paho;

/** {@link AlarmBytes} for tests outside its package (the ingest fuzz target). */
public final class AlarmBytesProbe {

  private AlarmBytesProbe() {}

  public static boolean mayCarryAlarm(byte[] payload) {
    return AlarmBytes.mayCarryAlarm(payload);
  }
}
