import Foundation
import Testing

@testable import WeightPack

@Suite struct MalformedFileTests {
  @Test func sampleFileIsValid() throws {
    let sample = try SampleFile.shared.get()
    #expect(sample.manifest.tensors.map(\.name) == ["weight", "index", "bias", "zeros"])
    #expect(sample.manifest.tensors.map(\.codec) == [.zlib, .zlib, .raw, .zlib])
  }

  @Test func tableHasDistinctRows() {
    let names = MalformedCase.all.map(\.name)
    #expect(names.count >= 30)
    #expect(Set(names).count == names.count)
  }

  @Test(arguments: MalformedCase.all)
  func rejectsMalformedFile(_ testCase: MalformedCase) throws {
    let malformed = try testCase.make(try SampleFile.shared.get())
    let directory = try TemporaryDirectory()
    let path = directory.file("bad.wpk")
    try writeBytes(malformed.bytes, to: path)

    let error = try #require(try firstError(of: malformed, at: path))
    #expect(malformed.kind.matches(error.kind), "got \(error.kind), expected \(malformed.kind)")
    #expect(error.offset == malformed.offset)
    #expect(error.tensor == malformed.tensor)
    #expect(error.chunk == malformed.chunk)
    #expect(error.path == path)
    #expect(error.description.hasPrefix(path + ": "))
    #expect(!error.description.contains { $0.isNewline || $0.asciiValue.map { $0 < 0x20 } == true })
  }

  /// Runs the reader up to `malformed.stage`, expecting every earlier step to succeed and
  /// that step to fail, and returns its error.
  private func firstError(of malformed: Malformed, at path: String) throws -> WeightPackError? {
    if malformed.stage == .open {
      return #expect(throws: WeightPackError.self) {
        _ = try WeightFile(path: path, options: malformed.options)
      }
    }
    let file = try WeightFile(path: path, options: malformed.options)
    switch malformed.stage {
    case .open:
      return nil
    case .readChunk(let tensor, let chunk):
      let entry = try file.entry(named: tensor)
      let error = #expect(throws: WeightPackError.self) { _ = try file.readChunk(chunk, of: entry) }
      // verify() reports the same damage.
      let problems = file.verify().problems
      #expect(problems.contains { $0.kind == error?.kind && $0.chunk == chunk })
      return error
    case .data(let tensor):
      let entry = try file.entry(named: tensor)
      return #expect(throws: WeightPackError.self) { _ = try file.data(of: entry) }
    case .verify:
      for entry in file.entries {
        #expect(throws: Never.self) { _ = try file.readChunks(0..<entry.chunks.count, of: entry) }
      }
      let report = file.verify()
      #expect(report.problems.count == 1)
      return report.problems.first
    }
  }

  // MARK: - Every byte

  /// Flips each byte of a small valid file in turn.
  ///
  /// Every copy must be refused, when it opens or when it is verified, with a
  /// `WeightPackError`. The file is written twice: with its manifest as plain JSON, and
  /// deflated.
  @Test(arguments: [false, true])
  func everyFlippedByteIsFound(deflatedManifest: Bool) throws {
    let directory = try TemporaryDirectory()
    var writeOptions = smallWriteOptions()
    writeOptions.manifestCompressionThreshold = deflatedManifest ? 0 : .max
    let original = try writeFile(
      [
        TestTensor(
          name: "w", dtype: .float32, dimensions: [4, 8],
          bytes: float32Bytes((0..<32).map { Float($0 % 4) })),
        TestTensor(name: "b", dtype: .uint8, dimensions: [70], bytes: Array(0..<70)),
      ], to: directory.file("small.wpk"), options: writeOptions)
    let container = ContainerBytes(bytes: original)
    #expect(original.count < 1024)
    #expect((container.manifestStored.count < container.manifestByteCount) == deflatedManifest)
    var options = ReadOptions()
    options.workerCount = 1
    let path = directory.file("flipped.wpk")
    var unnoticed: [Int] = []
    var foreign: [String] = []
    for offset in original.indices {
      for mask: UInt8 in [0x01, 0xFF] {
        var bytes = original
        bytes[offset] ^= mask
        try writeBytes(bytes, to: path)
        do {
          let file = try WeightFile(path: path, options: options)
          if file.verify().isSound { unnoticed.append(offset) }
        } catch is WeightPackError {
          continue
        } catch {
          foreign.append("byte \(offset): \(error)")
        }
      }
    }
    #expect(unnoticed.isEmpty, "flips not found at bytes \(unnoticed)")
    #expect(foreign.isEmpty)
  }

  // MARK: - Files on disk

  /// Every file in `Fixtures/malformed/wpk` is refused at open or by `verify()`.
  @Test func replaysMalformedFixtures() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: malformedWPKFixturesDirectory)
      .filter { $0.hasSuffix(".wpk") }.sorted()
    #expect(!names.isEmpty)
    for name in names {
      let path = malformedWPKFixturesDirectory + "/" + name
      do {
        let file = try WeightFile(path: path)
        #expect(!file.verify().isSound, "\(name) verifies")
      } catch let error as WeightPackError {
        #expect(error.path == path)
      }
    }
  }
}
