/** The ingest tier assembled into one startable, closable node. */
package anxin.ingest.node;
