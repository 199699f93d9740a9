package anxin.platform.store;

import java.time.ZoneId;

/**
 * A facility as the API and scopes see it.
 *
 * @param id facility id
 * @param name display name
 * @param county county it is in, or null
 * @param region region (prefecture) it is in, or null
 * @param zone its time zone
 */
public record Facility(String id, String name, String county, String region, ZoneId zone) {}
