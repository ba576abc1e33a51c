import Foundation
import Testing

@testable import WeightPack

/// One archive of `Fixtures/npz/expected.json` and the tensors it must hold.
struct NPZFixture: Decodable, Sendable, CustomTestStringConvertible {
  /// One tensor: its name, WeightPack dtype, shape and `.bin` of little-endian row-major bytes.
  struct Tensor: Decodable, Sendable {
    var tensor: String
    var dtype: String
    var shape: [UInt64]
    var expected: String
  }

  /// The archive, relative to `Fixtures/npz`.
  var file: String
  /// The tensors in archive order.
  var tensors: [Tensor]

  var testDescription: String { file }

  /// Every archive, or none if the sidecar cannot be read (a test checks that it can).
  static let all: [NPZFixture] = (try? load()) ?? []

  static func load() throws -> [NPZFixture] {
    let data = try Data(contentsOf: URL(fileURLWithPath: FixturePaths.npz + "/expected.json"))
    return try JSONDecoder().decode([NPZFixture].self, from: data)
  }
}

@Suite struct NPZFixtureTests {
  @Test func sidecarListsTheThreeArchives() throws {
    #expect(
      try NPZFixture.load().map(\.file) == ["savez.npz", "savez-compressed.npz", "zip64.npz"])
  }

  @Test(arguments: NPZFixture.all)
  func readsNumpyArchivesByteForByte(_ fixture: NPZFixture) throws {
    let source = try NPZSource(path: FixturePaths.npz + "/" + fixture.file)
    #expect(source.tensors.map(\.name) == fixture.tensors.map(\.tensor))
    for (index, expected) in fixture.tensors.enumerated() {
      let tensor = source.tensors[index]
      #expect(tensor.dtype.rawValue == expected.dtype, "\(expected.tensor)")
      #expect(tensor.shape.dimensions == expected.shape, "\(expected.tensor)")
      let bytes = try streamedBytes(of: source, at: index)
      #expect(bytes == (try readBytes(at: FixturePaths.npz + "/" + expected.expected)))
    }
  }

  @Test(arguments: NPZFixture.all)
  func verifiesNumpyArchives(_ fixture: NPZFixture) throws {
    let report = try NPZSource(path: FixturePaths.npz + "/" + fixture.file).verify(progress: nil)
    #expect(report.isSound)
    #expect(report.tensorCount == fixture.tensors.count)
  }

  @Test func summaryShowsStoredAndDeflatedMembers() throws {
    let stored = try NPZSource(path: FixturePaths.npz + "/savez.npz").summary()
    let deflated = try NPZSource(path: FixturePaths.npz + "/savez-compressed.npz").summary()
    #expect(stored.format == "npz")
    #expect(stored.tensors.allSatisfy { $0.codec == "raw" })
    #expect(deflated.tensors.allSatisfy { $0.codec == "deflate" })
    let weight = try #require(stored.tensors.first)
    #expect(weight.byteCount == 24)
    #expect(weight.storedByteCount == 128 + 24)
  }

  @Test func namesWithSlashesBecomeDottedNames() throws {
    let source = try NPZSource(path: FixturePaths.npz + "/savez.npz")
    #expect(source.tensors.last?.name == "encoder.layer0.w")
  }

  @Test func fortranMembersOfAllThreeArchivesAgree() throws {
    var results: [[UInt8]] = []
    for file in ["savez.npz", "savez-compressed.npz", "zip64.npz"] {
      let source = try NPZSource(path: FixturePaths.npz + "/" + file)
      let index = try #require(source.tensors.firstIndex { $0.name == "fortran_be" })
      results.append(try streamedBytes(of: source, at: index))
    }
    #expect(Set(results).count == 1)
    #expect(integers(results[0], as: UInt32.self).prefix(5) == [0, 1, 2, 3, 4])
  }
}
