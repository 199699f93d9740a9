/**
 * The platform's reference data in PostgreSQL (migration {@code db/platform}): residents, family
 * contacts, staff and shifts, room zones, per-facility settings, API tokens, the audit log; and the
 * in-memory snapshot the alerting core reads it through.
 */
package anxin.platform.store;
