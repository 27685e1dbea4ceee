package io.journeys.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** Logback {@code %m}/{@code %msg}: the formatted message with emails and phones masked. */
public class MaskingMessageConverter extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PersonalDataMask.mask(super.convert(event));
  }
}
