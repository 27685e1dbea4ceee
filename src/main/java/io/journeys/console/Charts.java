package io.journeys.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ECharts options built on the server from the figures a page shows, handed to the browser as JSON
 * in a {@code data-option} attribute ({@code static/console/console.js} draws them). No chart is
 * built without figures: the page says "no data yet" instead.
 */
final class Charts {

  private Charts() {}

  /** A line chart: one line per series over the categories (days). */
  static Map<String, Object> lines(List<String> categories, Map<String, List<Number>> series) {
    return chart("line", categories, series, "axis");
  }

  /** A bar chart: one bar group per category, one bar per series. */
  static Map<String, Object> bars(List<String> categories, Map<String, List<Number>> series) {
    return chart("bar", categories, series, "axis");
  }

  private static Map<String, Object> chart(
      String type, List<String> categories, Map<String, List<Number>> series, String trigger) {
    Map<String, Object> option = new LinkedHashMap<>();
    option.put("animation", false);
    option.put("tooltip", Map.of("trigger", trigger));
    option.put("legend", Map.of("top", 0));
    option.put("grid", Map.of("left", 60, "right", 20, "top", 40, "bottom", 40));
    option.put("xAxis", Map.of("type", "category", "data", categories));
    option.put("yAxis", Map.of("type", "value"));
    List<Map<String, Object>> lines = new ArrayList<>();
    series.forEach((name, data) -> lines.add(Map.of("name", name, "type", type, "data", data)));
    option.put("series", lines);
    return option;
  }

  static String json(ObjectMapper json, Object option) {
    try {
      return json.writeValueAsString(option);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
