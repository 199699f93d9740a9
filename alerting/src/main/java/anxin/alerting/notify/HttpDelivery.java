package anxin.alerting.notify;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How HTTP-based adapters turn an answer into a {@link Delivery}: 2xx delivered; 5xx, 408, 429,
 * timeouts and I/O errors retryable; any other 4xx not (the request itself is wrong, sending it
 * again will not help).
 */
public final class HttpDelivery {

  private HttpDelivery() {}

  /** Delivered for 2xx, else failed with {@code HTTP <status>}. */
  public static Delivery ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return Delivery.delivered();
    }
    boolean retryable = status >= 500 || status == 408 || status == 429 || status < 200;
    return Delivery.failed(retryable, "HTTP " + status);
  }

  /** A failed call: timeouts and I/O errors are retryable, anything else is not. */
  public static Delivery ofThrowable(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof HttpTimeoutException) {
      return Delivery.failed(true, "timeout");
    }
    if (e instanceof IOException) {
      return Delivery.failed(true, "I/O error: " + e.getClass().getSimpleName());
    }
    return Delivery.failed(false, "error: " + e.getClass().getSimpleName());
  }
}
