package io.tickcast.app.report;

/**
 * One chart of a report, rendered: its title, the PNG as a {@code data:} URI (nothing is loaded
 * from the network) and how much data it shows, so a test can tell an empty chart from a full one.
 *
 * @param series number of data series drawn
 * @param points total number of data points over all series
 */
public record Figure(String title, String caption, String dataUri, int series, int points) {}
