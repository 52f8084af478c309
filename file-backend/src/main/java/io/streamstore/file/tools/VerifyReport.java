package io.streamstore.file.tools;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link StoreVerifier#verify} found.
 *
 * @param root the store directory
 * @param problems every problem, in the order files were checked
 * @param filesChecked number of files read
 * @param recordsChecked number of records (and index entries) read
 */
public record VerifyReport(Path root, List<Problem> problems, long filesChecked, long recordsChecked) {

  /** Copies the list so the value stays immutable. */
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether nothing is wrong. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** One line for people: how much was checked and how many problems were found. */
  public String summary() {
    return (ok() ? "OK" : problems.size() + " problem" + (problems.size() == 1 ? "" : "s")) + ": "
        + filesChecked + " files, " + recordsChecked + " records checked in " + root;
  }

  /** The problems found in one file (relative name, as in {@link Problem#file()}). */
  public List<Problem> problemsIn(String file) {
    return problems.stream().filter(p -> p.file().equals(file)).toList();
  }
}
