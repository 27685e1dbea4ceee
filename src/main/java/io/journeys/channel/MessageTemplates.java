package io.journeys.channel;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Message templates under {@code classpath:messages/<template>/<locale>.mustache}, compiled once
 * and rendered in strict mode: a variable the model lacks fails the rendering with the template,
 * part and variable named (see {@code package-info.java} for the file format).
 */
@Component
class MessageTemplates {

  static final String SUBJECT = "subject";
  static final String HTML = "html";
  static final String TEXT = "text";
  static final String DEFAULT_LOCALE = "en";

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");
  private static final Pattern PART_MARKER = Pattern.compile("^=== *([a-z]+) *$");
  private static final Set<String> PARTS = Set.of(SUBJECT, HTML, TEXT);

  // strict: a missing variable or section fails; a known variable holding null renders blank
  private static final Mustache.Compiler HTML_COMPILER =
      Mustache.compiler().strictSections(true).nullValue("").escapeHTML(true);
  private static final Mustache.Compiler TEXT_COMPILER =
      Mustache.compiler().strictSections(true).nullValue("").escapeHTML(false);

  private final ResourcePatternResolver resources;
  private final Map<String, Set<String>> localesByTemplate = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Template>> compiled = new ConcurrentHashMap<>();

  MessageTemplates() {
    this(new PathMatchingResourcePatternResolver());
  }

  MessageTemplates(ResourcePatternResolver resources) {
    this.resources = resources;
  }

  /** Renders every part of the template in the variant for {@code locale}. */
  RenderedMessage render(String template, String locale, Map<String, Object> model) {
    String variant = resolveLocale(template, locale);
    Map<String, Template> parts =
        compiled.computeIfAbsent(template + "/" + variant, k -> compile(template, variant));
    Map<String, String> rendered = new LinkedHashMap<>();
    parts.forEach(
        (part, compiledPart) -> {
          try {
            rendered.put(part, compiledPart.execute(model));
          } catch (MustacheException.Context e) {
            throw new MessageSendException(
                String.format(
                    "template '%s' (%s, %s): no variable '%s' (line %d)",
                    template, variant, part, e.key, e.lineNo));
          } catch (MustacheException e) {
            throw new MessageSendException(
                String.format("template '%s' (%s, %s) failed to render", template, variant, part));
          }
        });
    return new RenderedMessage(template, variant, rendered);
  }

  /** The variant to use: the exact locale, its language, English, then any there is. */
  String resolveLocale(String template, String locale) {
    if (template == null || !KEY.matcher(template).matches()) {
      throw new MessageSendException("invalid template key");
    }
    Set<String> available = localesByTemplate.computeIfAbsent(template, this::listLocales);
    if (available.isEmpty()) {
      throw new MessageSendException("unknown template '" + template + "'");
    }
    Set<String> candidates = new LinkedHashSet<>();
    if (locale != null && !locale.isBlank()) {
      String wanted = locale.trim().replace('_', '-');
      String language = wanted.split("-")[0];
      candidates.add(wanted);
      candidates.add(language);
      available.stream()
          .filter(
              a -> a.toLowerCase(Locale.ROOT).startsWith(language.toLowerCase(Locale.ROOT) + "-"))
          .findFirst()
          .ifPresent(candidates::add);
    }
    candidates.add(DEFAULT_LOCALE);
    for (String candidate : candidates) {
      Optional<String> match =
          available.stream().filter(a -> a.equalsIgnoreCase(candidate)).findFirst();
      if (match.isPresent()) {
        return match.get();
      }
    }
    return available.iterator().next();
  }

  private Set<String> listLocales(String template) {
    try {
      Resource[] found = resources.getResources("classpath*:messages/" + template + "/*.mustache");
      Set<String> locales = new TreeSet<>();
      Arrays.stream(found)
          .map(Resource::getFilename)
          .filter(n -> n != null && n.endsWith(".mustache"))
          .map(n -> n.substring(0, n.length() - ".mustache".length()))
          .forEach(locales::add);
      return locales;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list templates of " + template, e);
    }
  }

  private Map<String, Template> compile(String template, String locale) {
    String source = read("messages/" + template + "/" + locale + ".mustache");
    Map<String, Template> parts = new LinkedHashMap<>();
    for (Map.Entry<String, String> part : split(source).entrySet()) {
      Mustache.Compiler compiler = HTML.equals(part.getKey()) ? HTML_COMPILER : TEXT_COMPILER;
      try {
        parts.put(part.getKey(), compiler.compile(part.getValue()));
      } catch (MustacheException e) {
        throw new MessageSendException(
            String.format(
                "template '%s' (%s, %s) does not compile", template, locale, part.getKey()));
      }
    }
    return parts;
  }

  /** Splits a template file into its parts at lines {@code === subject|html|text}. */
  static Map<String, String> split(String source) {
    Map<String, String> parts = new LinkedHashMap<>();
    String current = null;
    StringBuilder body = new StringBuilder();
    List<String> lines = source.replace("\r\n", "\n").lines().toList();
    for (String line : lines) {
      var marker = PART_MARKER.matcher(line);
      if (marker.matches() && PARTS.contains(marker.group(1))) {
        if (current != null) {
          parts.put(current, body.toString().strip());
        }
        current = marker.group(1);
        body.setLength(0);
      } else if (current != null) {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      parts.put(current, body.toString().strip());
    }
    return parts;
  }

  private String read(String path) {
    try {
      Resource resource = resources.getResource("classpath:" + path);
      return resource.getContentAsString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read template " + path, e);
    }
  }
}
