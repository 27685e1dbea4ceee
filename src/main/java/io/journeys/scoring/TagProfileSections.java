package io.journeys.scoring;

import io.journeys.contact.ContactFacts;
import io.journeys.contact.ProfileSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code tagDetails} (tags with source, time and display names) and {@code features} sections
 * of {@code GET /api/contacts/{id}}.
 */
@Configuration(proxyBeanMethods = false)
class TagProfileSections {

  @Bean
  ProfileSection tagDetailsSection(ContactFacts contacts, TagModel model) {
    return new ProfileSection() {
      @Override
      public String name() {
        return "tagDetails";
      }

      @Override
      public Optional<Object> of(String contactId) {
        Map<String, TagRules.TagRule> catalogue = model.current().catalogue();
        List<Map<String, Object>> details = new ArrayList<>();
        contacts
            .tags(List.of(contactId))
            .getOrDefault(contactId, List.of())
            .forEach(
                t -> {
                  Map<String, Object> d = new LinkedHashMap<>();
                  TagRules.TagRule rule = catalogue.get(t.tag());
                  d.put("tag", t.tag());
                  d.put("source", t.source());
                  d.put("since", t.since());
                  d.put("nameZh", rule == null ? null : rule.nameZh());
                  d.put("nameEn", rule == null ? null : rule.nameEn());
                  details.add(d);
                });
        return Optional.of(details);
      }
    };
  }

  @Bean
  ProfileSection featuresSection(FeatureStore features) {
    return new ProfileSection() {
      @Override
      public String name() {
        return "features";
      }

      @Override
      public Optional<Object> of(String contactId) {
        return features.find(contactId).map(f -> f);
      }
    };
  }
}
