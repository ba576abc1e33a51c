import Foundation
import Testing

@testable import WeightPack

/// One entry of `Fixtures/npy/expected.json`: a file numpy wrote and what it holds.
struct NPYFixture: Decodable, Sendable, CustomTestStringConvertible {
  /// The file, relative to `Fixtures/npy`.
  var file: String
  /// The tensor name a reader should give it.
  var tensor: String
  /// The WeightPack dtype name (`F32`).
  var dtype: String
  /// The dimensions.
  var shape: [UInt64]
  /// numpy's descr (`>f4`).
  var descr: String
  /// Whether numpy stored it in Fortran order.
  var fortranOrder: Bool
  /// The header version, `[1, 0]`.
  var version: [Int]
  /// The `.bin` file of little-endian, row-major elements, relative to `Fixtures/npy`.
  var expected: String

  enum CodingKeys: String, CodingKey {
    case file, tensor, dtype, shape, descr, version, expected
    case fortranOrder = "fortran_order"
  }

  var testDescription: String { file }

  /// The fixture's absolute path.
  var path: String { FixturePaths.npy + "/" + file }

  /// Whether `wpk` writing the same array gives numpy's file byte for byte: a little-endian
  /// (or one-byte) C-order array that `np.save` wrote with its default version.
  var isCanonical: Bool { !descr.hasPrefix(">") && !fortranOrder && version == [1, 0] }

  /// The elements as little-endian, row-major bytes.
  func expectedBytes() throws -> [UInt8] { try readBytes(at: FixturePaths.npy + "/" + expected) }

  /// Every fixture, or none if the sidecar cannot be read (a test checks that it can).
  static let all: [NPYFixture] = (try? load()) ?? []

  /// The fixtures in the top folder, not in `dir/`.
  static let singleFiles = all.filter { !$0.file.contains("/") }

  /// The fixtures in `dir/`.
  static let directoryFiles = all.filter { $0.file.hasPrefix("dir/") }

  static func load() throws -> [NPYFixture] {
    let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.npy + "/expected.json"))
    return try JSONDecoder().decode([NPYFixture].self, from: data)
  }
}

/// All the bytes a source streams for one tensor.
func streamedBytes(of source: any TensorSource, at index: Int = 0) throws -> [UInt8] {
  var bytes: [UInt8] = []
  try source.readTensor(at: index) { bytes += $0 }
  return bytes
}

@Suite struct NPYFixtureTests {
  @Test func sidecarListsTheFixtures() throws {
    let fixtures = try NPYFixture.load()
    #expect(fixtures.count >= 40)
    #expect(NPYFixture.singleFiles.count + NPYFixture.directoryFiles.count == fixtures.count)
    for fixture in fixtures {
      #expect(FileManager.default.fileExists(atPath: fixture.path), "\(fixture.file)")
    }
  }
}
