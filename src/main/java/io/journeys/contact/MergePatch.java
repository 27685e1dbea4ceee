package io.journeys.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JSON Merge Patch (RFC 7396, {@code application/merge-patch+json}): a patch object's members
 * replace the target's, {@code null} removes a member, nested objects are patched the same way,
 * anything that is not an object replaces the target as a whole.
 */
final class MergePatch {

  static final String MEDIA_TYPE = "application/merge-patch+json";

  private MergePatch() {}

  /** The patched document; {@code target} is left unchanged. */
  static JsonNode apply(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    patch
        .fields()
        .forEachRemaining(
            member -> {
              if (member.getValue().isNull()) {
                result.remove(member.getKey());
              } else {
                result.set(member.getKey(), apply(result.get(member.getKey()), member.getValue()));
              }
            });
    return result;
  }
}
