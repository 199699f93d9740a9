package anxin.alerting.notify.smpp;

import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges what a transceiver session receives (delivery receipts, replies) without looking at
 * it. Without a listener jSMPP logs a received {@code deliver_sm}'s text at WARN, and a reply from
 * a family is personal data.
 */
final class InboundIgnored implements MessageReceiverListener {

  private static final Logger LOG = LoggerFactory.getLogger(InboundIgnored.class);

  @Override
  public void onAcceptDeliverSm(DeliverSm deliverSm) {
    LOG.debug("smpp: deliver_sm acknowledged and ignored");
  }

  @Override
  public void onAcceptAlertNotification(AlertNotification alertNotification) {
    LOG.debug("smpp: alert_notification ignored");
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
    throw new ProcessRequestException("data_sm not supported", SMPPConstant.STAT_ESME_RINVCMDID);
  }
}
