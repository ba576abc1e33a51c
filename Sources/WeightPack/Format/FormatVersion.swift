/// A container format version, `major.minor`.
///
/// A reader accepts any minor version of a major version it knows (newer minors only add
/// optional manifest keys, which it ignores) and refuses other majors.
public struct FormatVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Incremented for changes an older reader cannot read.
  public var major: UInt16
  /// Incremented for additions an older reader may ignore.
  public var minor: UInt16

  /// The newest version this library reads and writes.
  ///
  /// A writer writes the lowest version that describes its file (Spec/FORMAT.md,
  /// "Versioning"), so files without 1.1 features still say 1.0.
  public static let current = withBlockTypes

  /// Version 1.0: the first.
  public static let original = FormatVersion(major: 1, minor: 0)

  /// Version 1.1: adds the dtypes `F8_E4M3` and `F8_E5M2`, the block dtypes `Q8_0` and
  /// `Q4_0`, the `block-split` filter and the manifest key `typed_metadata`.
  public static let withBlockTypes = FormatVersion(major: 1, minor: 1)

  /// Creates a version.
  public init(major: UInt16, minor: UInt16) {
    self.major = major
    self.minor = minor
  }

  /// Parses the canonical spelling `"<major>.<minor>"` (decimal, no sign, no leading zeros,
  /// as `description` writes it); returns `nil` for anything else, such as `"1.00"`.
  init?(text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 2, let major = UInt16(parts[0]), let minor = UInt16(parts[1]) else {
      return nil
    }
    self.init(major: major, minor: minor)
    // Round-tripping refuses "+1", "-0", "01" and "1.00", which `UInt16` alone would take.
    guard description == text else { return nil }
  }

  /// The version as `"1.0"`.
  public var description: String { "\(major).\(minor)" }

  /// Orders versions by major, then minor.
  public static func < (lhs: FormatVersion, rhs: FormatVersion) -> Bool {
    (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
  }
}
