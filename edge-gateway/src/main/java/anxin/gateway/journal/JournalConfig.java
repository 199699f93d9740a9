package anxin.gateway.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Sizes of a {@link SegmentedJournal}.
 *
 * @param quotaBytes disk budget for all segment files, bytes; at least 4 segments. Alarms may
 *     exceed it (they are never evicted); other events are evicted oldest first to stay within it
 * @param segmentBytes size at which the journal starts a new segment file, bytes, 4 KiB..64 MiB;
 *     eviction and reclamation work a segment at a time
 */
public record JournalConfig(long quotaBytes, int segmentBytes) {

  /** 256 MiB quota (over 3 million small events), 4 MiB segments. */
  public static final JournalConfig DEFAULT = new JournalConfig(256L << 20, 4 << 20);

  public JournalConfig {
    List<String> problems = new ArrayList<>();
    if (segmentBytes < 4096 || segmentBytes > (64 << 20)) {
      problems.add("segmentBytes out of range 4096..67108864: " + segmentBytes);
    }
    if (quotaBytes < 4L * segmentBytes) {
      problems.add("quotaBytes below 4 segments (" + 4L * segmentBytes + "): " + quotaBytes);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * Free space on the journal's file system that other events may not use: a quarter of a segment,
   * at least 64 KiB. It holds the acknowledgement records (a few bytes per event), the header of
   * the next segment and the alarms copied forward while the uplink drains a full disk, enough to
   * reclaim the oldest segment, which frees a whole segment.
   */
  public long reserveBytes() {
    return Math.max(64L << 10, segmentBytes / 4);
  }
}
