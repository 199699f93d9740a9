package anxin.alerting.notify.smpp;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * An SMSC made of jSMPP's server side: accepts binds, records every {@code submit_sm} and answers
 * OK or a scripted error status; {@link #dropSessions()} closes every session from its side.
 */
final class FakeSmsc implements ServerMessageReceiverListener, AutoCloseable {

  final int port;
  final List<SubmitSm> submits = new CopyOnWriteArrayList<>();
  final Semaphore binds = new Semaphore(0);
  final Semaphore enquireLinks = new Semaphore(0);
  final Semaphore submitted = new Semaphore(0);
  volatile int status = SMPPConstant.STAT_ESME_ROK;

  private final SMPPServerSessionListener listener;
  private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  FakeSmsc(int port) throws IOException {
    this.port = port;
    listener = new SMPPServerSessionListener(port);
    listener.setMessageReceiverListener(this);
    executor.execute(this::acceptLoop);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void acceptLoop() {
    while (!executor.isShutdown()) {
      try {
        SMPPServerSession session = listener.accept();
        sessions.add(session);
        executor.execute(() -> bind(session));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void bind(SMPPServerSession session) {
    try {
      BindRequest request = session.waitForBind(5000);
      request.accept("fake-smsc");
      binds.release();
    } catch (TimeoutException | IOException | PDUStringException | IllegalStateException e) {
      session.close();
    }
  }

  void dropSessions() {
    sessions.forEach(SMPPServerSession::close);
    sessions.clear();
  }

  @Override
  public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
      throws ProcessRequestException {
    submits.add(submitSm);
    submitted.release();
    if (status != SMPPConstant.STAT_ESME_ROK) {
      throw new ProcessRequestException("scripted refusal", status);
    }
    try {
      return new SubmitSmResult(new MessageId("m" + submits.size()), new OptionalParameter[0]);
    } catch (PDUStringException e) {
      throw new ProcessRequestException("bad id", SMPPConstant.STAT_ESME_RSYSERR, e);
    }
  }

  @Override
  public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
    enquireLinks.release();
  }

  @Override
  public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti m, SMPPServerSession s)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QuerySmResult onAcceptQuerySm(QuerySm q, SMPPServerSession s)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptReplaceSm(ReplaceSm r, SMPPServerSession s) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelSm(CancelSm c, SMPPServerSession s) throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm b, SMPPServerSession s)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public void onAcceptCancelBroadcastSm(CancelBroadcastSm c, SMPPServerSession s)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm q, SMPPServerSession s)
      throws ProcessRequestException {
    throw unsupported();
  }

  @Override
  public DataSmResult onAcceptDataSm(DataSm d, Session s) throws ProcessRequestException {
    throw unsupported();
  }

  private static ProcessRequestException unsupported() {
    return new ProcessRequestException("unsupported", SMPPConstant.STAT_ESME_RINVCMDID);
  }

  @Override
  public void close() {
    executor.shutdownNow();
    dropSessions();
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
