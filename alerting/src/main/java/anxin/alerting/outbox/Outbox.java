package anxin.alerting.outbox;

import anxin.alerting.NotificationIntent;
import java.util.List;

/** Where notifications are written before they are sent (DESIGN §5). */
public interface Outbox {

  /**
   * Writes intents durably, in one transaction. An intent whose dedup key is already in the outbox
   * (in any state) is ignored, so handing the same intents on twice sends them once.
   *
   * @param intents not null; may be empty
   * @return how many were new
   * @throws OutboxException when they could not be written (database unreachable); then none was
   */
  int enqueue(List<NotificationIntent> intents) throws OutboxException;
}
