package anxin.platform.importer;

/**
 * Told how an import is getting on: every 1,000 rows, at least every second while rows are being
 * processed, and at the end of each phase. Called on the importing thread; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {

  ProgressListener NOOP = p -> {};

  void progress(Progress progress);
}
