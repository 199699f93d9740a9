package anxin.gateway.fallback;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@link AlarmActions} that only remember what they were asked to raise. */
final class RecordingActions implements AlarmActions {

  final List<LocalAlarm> raised = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Outcome> raise(LocalAlarm alarm) {
    raised.add(alarm);
    return CompletableFuture.completedFuture(new Outcome("ok", "ok"));
  }
}
