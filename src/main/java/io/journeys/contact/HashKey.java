package io.journeys.contact;

/**
 * Derives a key for one purpose from the server secret ({@code JOURNEYS_SECRET}); implemented by
 * the channel feature's server secret. Keys stay out of the database, so a copy of the database
 * alone cannot reverse the hashes made with them.
 */
public interface HashKey {

  byte[] derive(String purpose);
}
