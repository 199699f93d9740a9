package anxin.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JdbcUrlTest {

  @Test
  void parse_fullUrl_splitsHostPortDatabaseAndParams() {
    var url = JdbcUrl.parse("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&sslmode=disable");

    assertThat(url.host()).isEqualTo("127.0.0.1");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.database()).isEqualTo("test");
    assertThat(url.params())
        .containsExactly(Map.entry("user", "postgres"), Map.entry("sslmode", "disable"));
    assertThat(url.text())
        .isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres&sslmode=disable");
  }

  @Test
  void parse_noPort_defaultsTo5432() {
    assertThat(JdbcUrl.parse("jdbc:postgresql://db/anxin").port()).isEqualTo(5432);
  }

  @Test
  void parse_ipv6AndFailoverHosts_usesFirstHostWithoutBrackets() {
    var url = JdbcUrl.parse("jdbc:postgresql://[::1]:5433,other:5434/d");

    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5433);
    assertThat(url.withDatabase("e").text()).isEqualTo("jdbc:postgresql://[::1]:5433,other:5434/e");
  }

  @Test
  void parse_encodedValues_areDecodedAndReencoded() {
    var url = JdbcUrl.parse("jdbc:postgresql://h/d?options=-c%20search_path%3Dx");

    assertThat(url.params()).containsEntry("options", "-c search_path=x");
    assertThat(JdbcUrl.parse(url.text())).isEqualTo(url);
  }

  @Test
  void toString_passwordParams_areHidden() {
    var url = JdbcUrl.parse("jdbc:postgresql://h/d?password=a&sslpassword=b&user=u");

    assertThat(url.toString())
        .isEqualTo("jdbc:postgresql://h/d?password=***&sslpassword=***&user=u");
    assertThat(url.text()).contains("password=a");
  }

  @Test
  void parse_wrongForms_failSayingWhy() {
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:mysql://h/d"))
        .hasMessageContaining("expected jdbc:postgresql://");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h"))
        .hasMessageContaining("no host, or no /database");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h/"))
        .hasMessageContaining("no database name");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h:99999/d"))
        .hasMessage("port out of range: 99999");
    assertThatThrownBy(() -> JdbcUrl.parse("jdbc:postgresql://h:x/d"))
        .hasMessage("port is not a number: x");
  }
}
