/// The version of this library and of the `wpk` tool built with it.
public enum WeightPackVersion {
  /// Semantic version of the library, such as `0.1.0`.
  public static let string = "0.1.0"
}
