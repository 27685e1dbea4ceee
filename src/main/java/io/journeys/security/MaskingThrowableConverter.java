package io.journeys.security;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Logback {@code %wEx}: Spring Boot's stack trace rendering with emails and phones masked. */
public class MaskingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

  @Override
  protected String throwableProxyToString(IThrowableProxy proxy) {
    return PersonalDataMask.mask(super.throwableProxyToString(proxy));
  }
}
