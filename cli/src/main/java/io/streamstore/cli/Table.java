package io.streamstore.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row, left-aligned text and right-aligned numbers. Not thread-safe. */
final class Table {

  private final String[] header;
  private final boolean[] numeric;
  private final List<String[]> rows = new ArrayList<>();

  /** A table with these column headings; a heading ending in {@code >} is right-aligned. */
  Table(String... headings) {
    header = new String[headings.length];
    numeric = new boolean[headings.length];
    for (int i = 0; i < headings.length; i++) {
      numeric[i] = headings[i].endsWith(">");
      header[i] = numeric[i] ? headings[i].substring(0, headings[i].length() - 1) : headings[i];
    }
  }

  /** Adds a row; missing cells are blank. */
  Table row(Object... cells) {
    String[] r = new String[header.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = i < cells.length && cells[i] != null ? cells[i].toString() : "";
    }
    rows.add(r);
    return this;
  }

  /** The table's lines, columns separated by two spaces, no trailing blanks. */
  List<String> lines() {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    out.add(format(header, width));
    for (String[] r : rows) {
      out.add(format(r, width));
    }
    return out;
  }

  private String format(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        sb.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      sb.append(numeric[i] ? pad + cells[i] : cells[i] + pad);
    }
    return sb.toString().stripTrailing();
  }
}
