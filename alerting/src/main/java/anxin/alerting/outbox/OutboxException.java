package anxin.alerting.outbox;

/** The outbox's store could not be read or written, e.g. the database is unreachable. */
public final class OutboxException extends Exception {

  private static final long serialVersionUID = 1L;

  public OutboxException(String message, Throwable cause) {
    super(message, cause);
  }
}
