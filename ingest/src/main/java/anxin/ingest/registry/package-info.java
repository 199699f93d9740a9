/** Device registry implementations and how credentials are kept. */
package anxin.ingest.registry;
