package io.journeys.console;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console's languages: labels in {@code console/messages_{en,zh_CN}.properties}; {@code
 * ?lang=en} or {@code ?lang=zh-CN} switches and is remembered in a cookie; without either, the
 * browser's language when it is English, else Chinese (the seeds' language).
 */
@Configuration
class ConsoleConfiguration implements WebMvcConfigurer {

  static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;

  @Bean
  MessageSource messageSource() {
    ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
    messages.setBasename("console/messages");
    messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
    messages.setFallbackToSystemLocale(false);
    messages.setDefaultLocale(CHINESE);
    return messages;
  }

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver("journeys-console-lang");
    resolver.setCookieMaxAge(Duration.ofDays(365));
    resolver.setCookieHttpOnly(true);
    resolver.setDefaultLocaleFunction(ConsoleConfiguration::browserLanguage);
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
    lang.setParamName("lang");
    lang.setIgnoreInvalidLocale(true);
    registry.addInterceptor(lang).addPathPatterns("/console", "/console/**");
  }

  private static Locale browserLanguage(HttpServletRequest request) {
    return request.getHeader("Accept-Language") != null
            && request.getLocale().getLanguage().equals("en")
        ? Locale.ENGLISH
        : CHINESE;
  }

  /** {@code en} for English, else {@code zh-CN}. */
  static String tag(Locale locale) {
    return locale != null && locale.getLanguage().equals("en") ? "en" : "zh-CN";
  }

  /** The locale the console uses for {@code locale}: English or Simplified Chinese. */
  static Locale of(Locale locale) {
    return tag(locale).equals("en") ? Locale.ENGLISH : CHINESE;
  }
}
