package io.journeys.channel;

import java.util.Map;

/**
 * Links another feature adds to a template's model when the message is rendered, so that secrets (a
 * signed confirmation link) never pass through process variables, where engine history would keep
 * them (docs/hardening.md, finding 7). Entries take precedence over process variables and contact
 * fields of the same name.
 */
public interface TemplateLinks {

  /**
   * The model entries for {@code template} sent to this contact at its address {@code email} (null
   * for none); empty when the template is not one of this feature's.
   */
  Map<String, Object> linksFor(String template, String contactId, String email);
}
