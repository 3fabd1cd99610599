package io.virtnode.operator.devserver;

/**
 * One invalid field, worded like the apiserver's field.Error: {@code detail} is the text after
 * "path: ", {@code reason} the StatusCause reason.
 */
record FieldError(String field, String reason, String detail) {

  static FieldError invalid(String field, Object value, String why) {
    return new FieldError(field, "FieldValueInvalid", "Invalid value: " + render(value) + ": " + why);
  }

  static FieldError required(String field) {
    return new FieldError(field, "FieldValueRequired", "Required value");
  }

  static FieldError notSupported(String field, Object value, String supported) {
    return new FieldError(field, "FieldValueNotSupported",
        "Unsupported value: " + render(value) + ": supported values: " + supported);
  }

  static FieldError tooMany(String field, int actual, long max) {
    return new FieldError(field, "FieldValueTooMany", "Too many: " + actual + ": must have at most " + max + " items");
  }

  static FieldError tooLong(String field, long max) {
    return new FieldError(field, "FieldValueTooLong", "Too long: may not be more than " + max + " bytes");
  }

  static String render(Object value) {
    return value instanceof String s ? "\"" + s.replace("\"", "\\\"") + "\"" : String.valueOf(value);
  }

  /** "spec.memory: Invalid value: ..." */
  String message() {
    return field + ": " + detail;
  }
}
