package anxin.gateway;

import anxin.protocol.Event;
import java.io.IOException;
import java.util.List;

/**
 * The gateway's durable store-and-forward queue (issue 6 item 2, docs/gateway-journal.md).
 *
 * <p>Adapters {@link #append} events; the uplink {@link #poll}s them in send order — every queued
 * alarm ({@code panic}, {@code fall}) first, oldest first, then everything else by arrival — and
 * {@link #markSent} them on PUBACK. Whatever is not marked sent is polled again after a restart
 * (at-least-once; the platform deduplicates by (dev, seq)). Alarms are never evicted; when the disk
 * quota is full, the oldest other events are, and {@link #evicted} counts them. Thread-safe.
 */
public interface Journal extends AutoCloseable {

  /**
   * What {@link #append} returns for an event that was evicted on arrival (quota full of alarms).
   */
  long NOT_STORED = -1;

  /**
   * One queued event.
   *
   * @param id the journal's id for it, increasing with arrival; pass it to {@link #markSent}
   * @param event the event as appended
   */
  record Entry(long id, Event event) {}

  /**
   * Appends an event and returns once it is on disk (fsync). Concurrent callers share fsyncs.
   *
   * @return the entry id, or {@link #NOT_STORED} when a non-alarm event found the quota full of
   *     alarms (counted in {@link #evicted})
   */
  long append(Event event) throws IOException;

  /** Appends several events with one fsync; returns their ids as {@link #append} would. */
  long[] appendAll(List<Event> events) throws IOException;

  /**
   * The next at most {@code max} queued events in send order that were not handed out since open or
   * the last {@link #rewind}. Alarms appended meanwhile come before older other events.
   */
  List<Entry> poll(int max) throws IOException;

  /** Makes every queued event not yet marked sent eligible for {@link #poll} again. */
  void rewind();

  /**
   * Marks events as delivered so their space can be reclaimed. Not forced to disk by itself: a
   * crash before the next fsync only means those events are sent again. Unknown ids are ignored.
   */
  void markSent(long... ids) throws IOException;

  /** Events queued (appended, neither marked sent nor evicted). */
  int size();

  /** Alarms among {@link #size}. */
  int alarms();

  /** Bytes of journal files on disk. */
  long diskBytes();

  /**
   * Events evicted to keep within the quota since the journal was created (kept across restarts).
   */
  long evicted();

  /** Flushes and closes; further calls throw {@link IllegalStateException}. */
  @Override
  void close() throws IOException;
}
