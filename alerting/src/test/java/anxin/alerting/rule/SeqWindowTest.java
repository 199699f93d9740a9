package anxin.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import anxin.alerting.rule.SeqWindow.Arrival;
import org.junit.jupiter.api.Test;

class SeqWindowTest {

  private final SeqWindow w = new SeqWindow();

  @Test
  void accept_ascending_isInOrder() {
    assertThat(w.accept(5)).isEqualTo(Arrival.IN_ORDER);
    assertThat(w.accept(6)).isEqualTo(Arrival.IN_ORDER);
    assertThat(w.accept(9)).isEqualTo(Arrival.IN_ORDER);
  }

  @Test
  void accept_sameSeqAgain_isDuplicate() {
    w.accept(5);
    w.accept(6);

    assertThat(w.accept(6)).isEqualTo(Arrival.DUPLICATE);
    assertThat(w.accept(5)).isEqualTo(Arrival.DUPLICATE);
  }

  @Test
  void accept_gapFilledLater_isLateOnceThenDuplicate() {
    w.accept(5);
    w.accept(9);

    assertThat(w.accept(7)).isEqualTo(Arrival.LATE);
    assertThat(w.accept(7)).isEqualTo(Arrival.DUPLICATE);
    assertThat(w.accept(8)).isEqualTo(Arrival.LATE);
  }

  @Test
  void accept_acrossWrap_comparesBySigned32BitDistance() {
    w.accept(4_294_967_294L);

    assertThat(w.accept(1)).isEqualTo(Arrival.IN_ORDER);
    assertThat(w.accept(4_294_967_295L)).isEqualTo(Arrival.LATE);
    assertThat(w.accept(4_294_967_294L)).isEqualTo(Arrival.DUPLICATE);
    assertThat(w.accept(0)).isEqualTo(Arrival.LATE);
  }

  @Test
  void accept_fartherBehindThanTheWindow_isLateEvenIfSeen() {
    w.accept(10);
    w.accept(10 + SeqWindow.SIZE);

    assertThat(w.accept(10)).isEqualTo(Arrival.LATE);
    assertThat(w.accept(11)).isEqualTo(Arrival.LATE);
    assertThat(w.accept(11)).isEqualTo(Arrival.DUPLICATE);
  }

  @Test
  void accept_bigJumpAhead_forgetsOldBits() {
    w.accept(1);
    w.accept(1 + 3L * SeqWindow.SIZE);

    assertThat(w.accept(1 + 3L * SeqWindow.SIZE - 1)).isEqualTo(Arrival.LATE);
  }

  @Test
  void after_wrapsAround() {
    assertThat(SeqWindow.after(0, 4_294_967_295L)).isTrue();
    assertThat(SeqWindow.after(4_294_967_295L, 0)).isFalse();
    assertThat(SeqWindow.after(3, 3)).isFalse();
  }
}
