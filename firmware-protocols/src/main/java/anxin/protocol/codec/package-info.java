/**
 * JSON and CBOR encoding and decoding of event messages. {@link anxin.protocol.codec.EventCodec} is
 * the entry point; decoding never throws on input.
 */
package anxin.protocol.codec;
