package anxin.platform.importer;

/**
 * A column of an import file, as docs/import.md documents it.
 *
 * @param name the header cell, lower case
 * @param required true when the header must have it and no cell may be blank
 * @param meaning one line: what it holds, its syntax and what a blank cell means
 */
public record Column(String name, boolean required, String meaning) {}
