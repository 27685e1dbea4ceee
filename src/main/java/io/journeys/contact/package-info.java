/**
 * Contacts: profiles ({@code /api/contacts}), identities (email and phone normalised by {@link
 * io.journeys.contact.Identities}), consent per channel with source and time, tags, identity
 * resolution for events and imports ({@link io.journeys.contact.IdentityResolver}), merges of
 * records of the same person, CSV imports ({@code /api/imports}), formula-safe CSV exports ({@code
 * /api/contacts/export}, {@link io.journeys.contact.CsvCells}) and erasure with a hashed
 * suppression list. Other features read contacts through {@link
 * io.journeys.contact.ContactDirectory} and may listen to {@link
 * io.journeys.contact.ContactErased}, {@link io.journeys.contact.ContactsMerged} and {@link
 * io.journeys.contact.ConsentRequested} (double opt-in, {@link
 * io.journeys.contact.ConsentConfirmations}).
 */
package io.journeys.contact;
