package io.tickcast.app.report;

import java.util.List;

/** Builds one self-contained HTML page: inline CSS, tables, and figures as data URIs. */
final class HtmlPage {

  private final StringBuilder body = new StringBuilder();
  private final String title;

  HtmlPage(String title) {
    this.title = title;
  }

  HtmlPage heading(String text) {
    body.append("<h2>").append(esc(text)).append("</h2>\n");
    return this;
  }

  HtmlPage paragraph(String text) {
    body.append("<p>").append(esc(text)).append("</p>\n");
    return this;
  }

  /** A table; the first row is the header. */
  HtmlPage table(List<List<String>> rows) {
    body.append("<table>\n");
    for (int i = 0; i < rows.size(); i++) {
      String cell = i == 0 ? "th" : "td";
      body.append("<tr>");
      for (String c : rows.get(i)) {
        body.append('<').append(cell).append('>').append(esc(c)).append("</").append(cell).append('>');
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  HtmlPage figure(Figure f) {
    body.append("<figure><img alt=\"").append(esc(f.title())).append("\" src=\"").append(f.dataUri())
        .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
    return this;
  }

  String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title)
        + "</title>\n<style>body{font-family:sans-serif;max-width:1140px;margin:1em auto;color:#222}"
        + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;"
        + "text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
        + "img{max-width:100%}figcaption{color:#555;font-size:13px}</style></head>\n<body>\n<h1>"
        + esc(title) + "</h1>\n" + body + "</body></html>\n";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
