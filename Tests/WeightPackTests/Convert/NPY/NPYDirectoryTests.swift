import Foundation
import Testing

@testable import WeightPack

/// A tensor name the directory writer must refuse.
struct UnsafeNameCase: Sendable, CustomTestStringConvertible {
  var name: String
  var tensorName: String
  var testDescription: String { name }

  static let all = [
    UnsafeNameCase(name: "empty", tensorName: ""),
    UnsafeNameCase(name: "dot", tensorName: "."),
    UnsafeNameCase(name: "dot dot", tensorName: ".."),
    UnsafeNameCase(name: "hidden", tensorName: ".hidden"),
    UnsafeNameCase(name: "slash", tensorName: "a/b"),
    UnsafeNameCase(name: "escape", tensorName: "../../etc/x"),
    UnsafeNameCase(name: "NUL", tensorName: "a\0b"),
    UnsafeNameCase(name: "too long", tensorName: String(repeating: "x", count: 252)),
  ]
}

@Suite struct NPYDirectoryTests {
  private func writeDirectory(
    _ tensors: [(String, [UInt8])],
    to path: String,
    options: WriteOptions = WriteOptions()
  ) throws {
    let sink = try NPYDirectorySink(path: path, options: options)
    for (name, bytes) in tensors {
      try sink.beginTensor(
        TensorDescriptor(name: name, dtype: .uint8, shape: try Shape([UInt64(bytes.count)])))
      try sink.append(bytes)
      try sink.endTensor()
    }
    try sink.finish(metadata: [:], history: [])
  }

  @Test func readsNestedFixtureDirectory() throws {
    let source = try NPYDirectorySource(path: FixturePaths.npy + "/dir/")
    #expect(source.formatName == "npy-dir")
    #expect(
      source.tensors.map(\.name) == [
        "embed", "encoder.layer0.b", "encoder.layer0.w", "encoder.scale",
      ])
    for (index, tensor) in source.tensors.enumerated() {
      let fixture = try #require(NPYFixture.directoryFiles.first { $0.tensor == tensor.name })
      #expect(try streamedBytes(of: source, at: index) == fixture.expectedBytes())
    }
    #expect(source.verify(progress: nil).problems.isEmpty)
  }

  @Test func writesFlatFilesThatReadBackUnderTheSameNames() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("out")
    try writeDirectory([("a.b.c", [1, 2]), ("z", [3])], to: output)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: output).sorted() == [
        "a.b.c.npy", "z.npy",
      ])
    let source = try NPYDirectorySource(path: output)
    #expect(source.tensors.map(\.name) == ["a.b.c", "z"])
    #expect(try streamedBytes(of: source, at: 0) == [1, 2])
    #expect(try directory.entries() == ["out"])
  }

  @Test(arguments: UnsafeNameCase.all)
  func refusesUnsafeNames(_ testCase: UnsafeNameCase) throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYDirectorySink(path: directory.file("out"))
    let error = #expect(throws: WeightPackError.self) {
      try sink.beginTensor(
        TensorDescriptor(name: testCase.tensorName, dtype: .uint8, shape: try Shape([1])))
    }
    #expect(error?.kind == .unsafeName(testCase.tensorName))
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func cancelRemovesTheTemporaryDirectory() throws {
    let directory = try TemporaryDirectory()
    let sink = try NPYDirectorySink(path: directory.file("out"))
    #expect(try directory.entries().count == 1)
    try sink.beginTensor(TensorDescriptor(name: "a", dtype: .uint8, shape: try Shape([2])))
    try sink.append([1])
    sink.cancel()
    #expect(try directory.entries().isEmpty)
  }

  @Test func replacesAnExistingDirectoryOnlyWhenAllowedAndOnlyNPYInside() throws {
    let directory = try TemporaryDirectory()
    let output = directory.file("out")
    try writeDirectory([("old", [9])], to: output)
    let refused = #expect(throws: WeightPackError.self) {
      try writeDirectory([("new", [1])], to: output)
    }
    #expect(refused?.kind == .outputExists)

    var overwrite = WriteOptions()
    overwrite.overwrite = true
    try writeDirectory([("new", [1])], to: output, options: overwrite)
    #expect(try NPYDirectorySource(path: output).tensors.map(\.name) == ["new"])
    #expect(try directory.entries() == ["out"])

    try writeBytes([0], to: output + "/notes.txt")
    let kept = #expect(throws: WeightPackError.self) {
      try writeDirectory([("newer", [2])], to: output, options: overwrite)
    }
    #expect(kept?.kind == .outputExists)
    #expect(FileManager.default.fileExists(atPath: output + "/new.npy"))
    #expect(try directory.entries() == ["out"])
  }

  @Test func refusesLinksLeavingTheDirectory() throws {
    let directory = try TemporaryDirectory()
    let root = directory.file("in")
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/inside.npy", withDestinationPath: FixturePaths.npy + "/rank-1.npy")
    let error = #expect(throws: WeightPackError.self) {
      _ = try NPYDirectorySource(path: root)
    }
    guard case .malformedHeader(let format, _) = error?.kind else {
      Issue.record("expected .malformedHeader, got \(String(describing: error))")
      return
    }
    #expect(format == "npy-dir")
    #expect(error?.path == root + "/inside.npy")
  }

  @Test func followsLinksInsideAndSkipsHiddenAndOtherFiles() throws {
    let directory = try TemporaryDirectory()
    let root = directory.file("in")
    try writeDirectory([("a", [1])], to: root)
    try FileManager.default.createSymbolicLink(
      atPath: root + "/b.npy", withDestinationPath: "a.npy")
    try FileManager.default.createSymbolicLink(atPath: root + "/up", withDestinationPath: "..")
    try writeBytes([0], to: root + "/.hidden.npy")
    try writeBytes([0], to: root + "/notes.txt")
    #expect(try NPYDirectorySource(path: root).tensors.map(\.name) == ["a", "b"])
  }

  @Test func refusesTwoFilesWithOneName() throws {
    let directory = try TemporaryDirectory()
    let root = directory.file("in")
    try writeDirectory([("a.b", [1])], to: root)
    try FileManager.default.createDirectory(atPath: root + "/a", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: root + "/a.b.npy", toPath: root + "/a/b.npy")
    let error = #expect(throws: WeightPackError.self) {
      _ = try NPYDirectorySource(path: root)
    }
    #expect(error?.kind == .duplicateTensorName("a.b"))
  }

  @Test func badFileInsideNamesTheFileAndOffset() throws {
    let directory = try TemporaryDirectory()
    let root = directory.file("in")
    try writeDirectory([("a", [1, 2, 3])], to: root)
    try writeBytes(Array(try readBytes(at: root + "/a.npy").dropLast()), to: root + "/a.npy")
    let error = #expect(throws: WeightPackError.self) {
      _ = try NPYDirectorySource(path: root)
    }
    #expect(error?.kind == .truncated(needed: 3, available: 2))
    #expect(error?.path == root + "/a.npy")
    #expect(error?.offset == 128)
  }
}
