package io.journeys.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.AddressException;
import org.junit.jupiter.api.Test;

/** Finding 9: an address stored before strict parsing is never delivered to what it names. */
class EmailRecipientTest {

  @Test
  void onlyABareAddressIsARecipient() throws Exception {
    assertThat(EmailAdapter.bare("li.lei@example.com").getAddress())
        .isEqualTo("li.lei@example.com");
    for (String stored :
        new String[] {
          "x<victim@example.com>",
          "\"x\" <victim@example.com>",
          "a@example.com, victim@example.com",
          "x: victim@example.com;"
        }) {
      assertThatThrownBy(() -> EmailAdapter.bare(stored))
          .as(stored)
          .isInstanceOf(AddressException.class);
    }
  }
}
