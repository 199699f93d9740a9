/**
 * The ingest tier's vocabulary: what a transport hands the pipeline ({@link
 * anxin.ingest.Submission}), what it gets back ({@link anxin.ingest.Receipt}), and the boundaries
 * to alerting ({@link anxin.ingest.EventHandoff}), storage ({@link anxin.ingest.EventWriter}) and
 * provisioning ({@link anxin.ingest.DeviceRegistry}).
 */
package anxin.ingest;
