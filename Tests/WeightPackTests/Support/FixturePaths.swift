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

  /// `Fixtures/npz`, the archives numpy and Python's zipfile wrote.
  static let npz = root + "/npz"

  /// `Fixtures/malformed/npz`, archives made by Python's zipfile that WeightPack refuses.
  static let malformedNPZ = root + "/malformed/npz"

  /// `Fixtures/malformed/npy`, real numpy files of dtypes WeightPack refuses.
  static let malformedNPY = root + "/malformed/npy"

  /// `Fixtures/safetensors`, the files the safetensors library wrote.
  static let safetensors = root + "/safetensors"

  /// `Fixtures/cast`, float casts computed by numpy and ml_dtypes.
  static let cast = root + "/cast"

  /// `Fixtures/csv`, files pandas, numpy and Python's csv module wrote.
  static let csv = root + "/csv"
}
