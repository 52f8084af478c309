package io.streamstore.testdriver;

/** Claims the same URLs as {@link TwinDriver}. */
public class TwinDriverClone extends TwinDriver {}
