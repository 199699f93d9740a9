package anxin.protocol;

import java.util.List;

/**
 * Everything decoded from one message: one outcome per envelope, in message order. A batch with
 * some bad envelopes yields every good one and a rejection for each bad one.
 *
 * @param items one outcome per envelope; a single {@link Decoded.Rejected} with index {@link
 *     Decoded#WHOLE_MESSAGE} when the message as a whole could not be read
 * @param batch true when the message was an array of envelopes
 */
public record DecodeResult(List<Decoded> items, boolean batch) {

  public DecodeResult {
    items = List.copyOf(items);
  }

  /** A result that rejects the whole message. */
  public static DecodeResult rejected(Reason reason, String detail) {
    return new DecodeResult(List.of(Decoded.Rejected.wholeMessage(reason, detail)), false);
  }

  /** The accepted events, in message order. */
  public List<Event> events() {
    return items.stream()
        .filter(d -> d instanceof Decoded.Accepted)
        .map(d -> ((Decoded.Accepted) d).event())
        .toList();
  }

  /** The rejections, in message order. */
  public List<Decoded.Rejected> rejections() {
    return items.stream()
        .filter(d -> d instanceof Decoded.Rejected)
        .map(d -> (Decoded.Rejected) d)
        .toList();
  }

  /** True when the message as a whole was rejected (unreadable, too large, not an envelope). */
  public boolean wholeMessageRejected() {
    return items.size() == 1 && items.get(0).index() == Decoded.WHOLE_MESSAGE;
  }
}
