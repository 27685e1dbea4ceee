package io.journeys.contact;

import java.util.List;
import java.util.Map;

/**
 * The newest messages of a contact, newest first, with the send rules' verdict, as its profile
 * shows them ({@code id}, {@code channel}, {@code template}, {@code status}, {@code detail}, {@code
 * processInstanceId}, {@code createdAt}, {@code sentAt}; no recipient or body). Declared here and
 * implemented by the channel feature, which owns the {@code message} table.
 */
public interface RecentMessages {

  List<Map<String, Object>> recentMessages(String contactId, int limit);
}
