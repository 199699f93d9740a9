package anxin.alerting.outbox;

import anxin.alerting.notify.Channel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the dispatcher reports, in order. */
final class RecordingOutboxMetrics implements OutboxMetrics {

  record Delivered(Channel channel, long nanosSinceDue) {}

  record Failed(Channel channel, boolean retryable) {}

  final List<Delivered> delivered = new CopyOnWriteArrayList<>();
  final List<Failed> failed = new CopyOnWriteArrayList<>();

  @Override
  public void delivered(Channel channel, long nanosSinceDue) {
    delivered.add(new Delivered(channel, nanosSinceDue));
  }

  @Override
  public void failed(Channel channel, boolean retryable) {
    failed.add(new Failed(channel, retryable));
  }
}
