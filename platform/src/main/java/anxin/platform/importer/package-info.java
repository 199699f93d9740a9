/**
 * Bulk onboarding from CSV (issue 5, DESIGN §6 {@code POST /api/v1/import}; docs/import.md):
 * facilities, devices, residents, family contacts, staff and room zones. {@link
 * anxin.platform.importer.CsvImport} reads a file, checks every row completely, and writes it in
 * one transaction only when no row has a problem; re-importing the same file changes nothing.
 *
 * <p>Rows carry personal data (names, phone numbers): they go into the {@link
 * anxin.platform.importer.Report} for the user who runs the import, never into a log.
 */
package anxin.platform.importer;
