package io.journeys.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.journeys.web.ApiError;
import io.journeys.web.ApiException;
import io.journeys.web.ConcurrentChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/contacts/{contactId}}: docs/contract.md §2. */
@RestController
@RequestMapping("/api/contacts")
class ContactController {

  private final ContactService contacts;
  private final ErasureService erasure;
  private final ObjectMapper json;

  ContactController(ContactService contacts, ErasureService erasure, ObjectMapper json) {
    this.contacts = contacts;
    this.erasure = erasure;
    this.json = json;
  }

  @PutMapping(path = "/{contactId}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<ContactProfile> put(
      @PathVariable String contactId, @RequestBody(required = false) String body) {
    ContactService.checkId(contactId);
    ContactInput input = input(parse(body));
    boolean created;
    try {
      // a journey step of the contact may hold its opt-in process: run the transaction again
      created = ConcurrentChanges.retrying(() -> contacts.put(contactId, input));
    } catch (DuplicateKeyException e) {
      throw concurrent(e);
    }
    ContactProfile profile = contacts.profile(contactId).orElseThrow();
    return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(profile);
  }

  /**
   * JSON Merge Patch (RFC 7396) of an existing contact: members present are set, {@code null}
   * clears a field or removes an attribute ({@code "attributes": null} removes them all), absent
   * ones are kept; attributes are patched member by member, nested objects too. Consent channels
   * can be set, not removed. Validated like PUT.
   */
  @PatchMapping(path = "/{contactId}", consumes = MergePatch.MEDIA_TYPE)
  ContactProfile patch(@PathVariable String contactId, @RequestBody(required = false) String body) {
    ContactService.checkId(contactId);
    JsonNode patch = parse(body);
    if (!patch.isObject()) {
      throw ApiException.badRequest(
          "invalid contact",
          List.of(
              Map.of("field", "", "reason", "a merge patch of a contact must be a JSON object")));
    }
    if (patch.has("consent") && patch.get("consent").isNull()) {
      throw ApiException.badRequest(
          "invalid contact",
          List.of(
              Map.of(
                  "field",
                  "consent",
                  "reason",
                  "consent decisions cannot be removed; set a channel to true or false")));
    }
    boolean found;
    try {
      found = ConcurrentChanges.retrying(() -> contacts.patch(contactId, patch, json, this::input));
    } catch (DuplicateKeyException e) {
      throw concurrent(e);
    }
    if (!found) {
      throw ApiException.notFound("unknown contact");
    }
    return contacts.profile(contactId).orElseThrow();
  }

  /** The body as a contact's fields, or 400 with a reason per refused field. */
  private ContactInput input(JsonNode body) {
    List<ContactInput.Problem> problems = new ArrayList<>();
    ContactInput input = ContactInput.read(body, json, problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid contact", ContactInput.details(problems));
    }
    return input;
  }

  /** 409 for an email or phone the contact cannot take; the body names the field. */
  @ExceptionHandler(IdentityConflict.class)
  ResponseEntity<ApiError> identityConflict(IdentityConflict e) {
    String error =
        switch (e.kind()) {
          case SUPPRESSED -> "suppressed";
          case IN_USE -> "identity in use";
        };
    String reason =
        switch (e.kind()) {
          case SUPPRESSED -> "suppressed";
          case IN_USE -> "belongs to another contact";
        };
    return ResponseEntity.status(HttpStatus.CONFLICT)
        .body(new ApiError(error, List.of(Map.of("field", e.field(), "reason", reason))));
  }

  @ExceptionHandler(InvalidContactId.class)
  ResponseEntity<ApiError> invalidId(InvalidContactId e) {
    return ResponseEntity.badRequest()
        .body(
            new ApiError(
                "invalid contact id",
                List.of(
                    Map.of("field", "contactId", "reason", "1-100 of A-Z a-z 0-9 . _ : @ + -"))));
  }

  /** The same contact or identity written at the same moment by another request. */
  private static ApiException concurrent(DuplicateKeyException e) {
    return new ApiException(
        HttpStatus.CONFLICT, "concurrent update", List.of(Map.of("reason", "retry")));
  }

  @GetMapping("/{contactId}")
  ContactProfile get(@PathVariable String contactId) {
    return contacts.profile(contactId).orElseThrow(() -> ApiException.notFound("unknown contact"));
  }

  @DeleteMapping("/{contactId}")
  ResponseEntity<Void> erase(@PathVariable String contactId) {
    if (!erasure.erase(contactId)) {
      throw ApiException.notFound("unknown contact");
    }
    return ResponseEntity.noContent().build();
  }

  private JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(
          "malformed request body", List.of(Map.of("reason", "missing body")));
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed request body",
          List.of(
              Map.of(
                  "reason",
                  "not valid JSON",
                  "line",
                  String.valueOf(e.getLocation() == null ? 0 : e.getLocation().getLineNr()),
                  "column",
                  String.valueOf(e.getLocation() == null ? 0 : e.getLocation().getColumnNr()))));
    }
  }
}
