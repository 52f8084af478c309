package io.streamstore.testdriver;

/** Claims the same URLs as {@link TwinDriverClone}, to test the ambiguity error. */
public class TwinDriver extends EchoDriver {
  @Override
  public String backend() {
    return "twin";
  }
}
