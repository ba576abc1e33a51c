import Foundation

/// Where the repository's fixtures are, found from this file's location.
enum FixturePaths {
  /// The `Fixtures` directory at the package root.
  static let root: String = {
    // This file is Tests/WeightPackTests/Support/FixturePaths.swift.
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<4 { url.deleteLastPathComponent() }
    return url.path + "/Fixtures"
  }()

  /// `Fixtures/npy`, the files numpy wrote.
  static let npy = root + "/npy"

  /// `Fixtures/malformed/npy`, real numpy files of dtypes WeightPack refuses.
  static let malformedNPY = root + "/malformed/npy"

  /// `Fixtures/safetensors`, the files the safetensors library wrote.
  static let safetensors = root + "/safetensors"

  /// `Fixtures/cast`, float casts computed by numpy and ml_dtypes.
  static let cast = root + "/cast"
}
