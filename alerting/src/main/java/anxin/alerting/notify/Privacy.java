package anxin.alerting.notify;

/** Redaction for logs: phone numbers are shown masked, e.g. {@code 138****1234}. */
public final class Privacy {

  private Privacy() {}

  /**
   * Masks a phone number: keeps the first three and last four digits of eleven or more characters,
   * fewer of shorter ones, and stars the rest, e.g. {@code 13812341234} → {@code 138****1234},
   * {@code +8613812341234} → {@code +86*******1234}.
   *
   * @param phone may be null
   */
  public static String maskPhone(String phone) {
    if (phone == null) {
      return "null";
    }
    int n = phone.length();
    int head = n >= 11 ? 3 : n >= 7 ? 2 : 0;
    int tail = n >= 11 ? 4 : n >= 7 ? 2 : 0;
    StringBuilder b = new StringBuilder(n);
    b.append(phone, 0, head);
    b.append("*".repeat(Math.max(n - head - tail, 0)));
    b.append(phone, n - tail, n);
    return b.toString();
  }
}
