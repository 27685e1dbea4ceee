package io.journeys.enrollment;

/**
 * What one batch did: contacts enrolled, and skipped because they are in the journey already
 * ({@code running}), entered it within the re-entry window ({@code reentry}) or do not exist
 * ({@code missing}).
 */
record BatchOutcome(int enrolled, int running, int reentry, int missing) {}
