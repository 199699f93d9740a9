package anxin.gateway.journal;

/**
 * What opening a journal found.
 *
 * @param segments segment files read
 * @param queued events queued after recovery
 * @param damagedBytes bytes of torn or corrupt data cut from the tail, or skipped in an older
 *     segment (with every record after the damage in that segment)
 */
public record RecoveryReport(int segments, int queued, long damagedBytes) {}
