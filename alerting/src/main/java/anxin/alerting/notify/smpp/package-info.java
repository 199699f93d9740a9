/**
 * SMS over SMPP 3.4 with jSMPP: one bound session (transmitter or transceiver) kept alive with
 * {@code enquire_link} and rebound when lost; {@code submit_sm} in GSM 7-bit ({@code data_coding}
 * 0) or UCS-2 ({@code data_coding} 8); long texts as concatenated parts with a UDH.
 */
package anxin.alerting.notify.smpp;
