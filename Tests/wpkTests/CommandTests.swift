import Foundation
import Testing
import WeightPack

@Suite struct CommandTests {
  /// Writes `model.wpk`: a 2×3 F32 tensor 0…5 and an I64 tensor 7, 8, 9, 10.
  private func makeModel(in scratch: Scratch, codec: Codec = .zlib) throws -> String {
    let path = scratch.file("model.wpk")
    var options = WriteOptions()
    options.codec = codec
    let writer = try WeightWriter(path: path, options: options)
    let floats: [Float] = [0, 1, 2, 3, 4, 5]
    try writer.write(
      named: "layer.w", dtype: .float32, shape: try Shape([2, 3]),
      bytes: floats.flatMap { value in
        withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
      })
    let ids: [Int64] = [7, 8, 9, 10]
    try writer.write(
      named: "ids", dtype: .int64, shape: try Shape([4]),
      bytes: ids.flatMap { value in withUnsafeBytes(of: value.littleEndian, Array.init) })
    writer.metadata = ["framework": "test"]
    writer.history = [
      HistoryEntry(
        operation: "create", parameters: ["by": "CommandTests"], tool: "tests",
        time: "2026-12-04T00:00:00Z")
    ]
    try writer.finish()
    return path
  }

  @Test func inspectPrintsATable() throws {
    let scratch = try Scratch()
    _ = try makeModel(in: scratch)
    let result = try CLI.run(["inspect", "model.wpk"], in: scratch.path)
    let expected = """
      model.wpk: wpk 1.0, 2 tensors, 56 B decoded, 56 B stored (ratio 1.000)

      NAME     DTYPE  SHAPE   SIZE  STORED  RATIO  CODEC
      layer.w  F32    [2, 3]  24 B  24 B    1.000  zlib+rotate-left-1+byte-shuffle
      ids      I64    [4]     32 B  32 B    1.000  zlib+byte-shuffle

      METADATA
        framework: test

      HISTORY
        2026-12-04T00:00:00Z  tests  create  by=CommandTests

      """
    #expect(result == CLIResult(status: 0, stdout: expected, stderr: ""))
  }

  @Test func inspectJSONHasTheStableKeys() throws {
    let scratch = try Scratch()
    _ = try makeModel(in: scratch)
    let result = try CLI.run(["inspect", "model.wpk", "--json"], in: scratch.path)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["format"] as? String == "wpk")
    #expect(object["version"] as? String == "1.0")
    #expect((object["metadata"] as? [String: String]) == ["framework": "test"])
    #expect((object["history"] as? [Any])?.count == 1)
    let tensors = try #require(object["tensors"] as? [[String: Any]])
    #expect(tensors.map { $0["name"] as? String } == ["layer.w", "ids"])
    #expect(tensors[0]["dtype"] as? String == "F32")
    #expect(tensors[0]["shape"] as? [Int] == [2, 3])
    #expect(tensors[0]["byte_count"] as? Int == 24)
    #expect(tensors[0]["stored_byte_count"] as? Int == 24)
    #expect(tensors[0]["codec"] as? String == "zlib+rotate-left-1+byte-shuffle")
  }

  @Test func inspectOfAMissingFileFails() throws {
    let scratch = try Scratch()
    let result = try CLI.run(["inspect", "nope.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(status: 1, stdout: "", stderr: "Error: nope.wpk: no such file or directory\n"))
  }

  @Test func inspectOfAFileThatIsNotWeightPackFails() throws {
    let scratch = try Scratch()
    try Data("hello, this is not a weights file at all; it is a bit of text\n".utf8)
      .write(to: URL(fileURLWithPath: scratch.file("text.wpk")))
    let result = try CLI.run(["inspect", "text.wpk"], in: scratch.path)
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "Error: text.wpk: at byte 0: not a WeightPack file: magic is 0x68656c6c6f2c2074\n")
  }

  @Test func verifyReportsASoundFile() throws {
    let scratch = try Scratch()
    _ = try makeModel(in: scratch)
    let result = try CLI.run(["verify", "model.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 0, stdout: "model.wpk: OK (2 tensors, 2 chunks, 56 bytes checked)\n",
          stderr: ""))
  }

  @Test func verifyReportsEachDamagedFileAndGoesOn() throws {
    let scratch = try Scratch()
    let path = try makeModel(in: scratch)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let file = try WeightFile(path: path)
    let chunk = try file.entry(named: "ids").chunks[0]
    bytes[Int(chunk.offset) + 3] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: scratch.file("bad.wpk")))
    let result = try CLI.run(["verify", "bad.wpk", "model.wpk"], in: scratch.path)
    #expect(result.status == 1)
    #expect(result.stdout == "model.wpk: OK (2 tensors, 2 chunks, 56 bytes checked)\n")
    #expect(
      result.stderr.hasPrefix(
        "Error: bad.wpk: tensor 'ids' chunk 0 at byte \(chunk.offset): checksum mismatch"))
  }

  @Test func convertRefusesAnExistingOutputAndLeavesItAlone() throws {
    let scratch = try Scratch()
    _ = try makeModel(in: scratch)
    let existing = Data("precious".utf8)
    try existing.write(to: URL(fileURLWithPath: scratch.file("out.wpk")))
    let refused = try CLI.run(["convert", "model.wpk", "out.wpk"], in: scratch.path)
    #expect(
      refused
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: out.wpk: output already exists (use --force to replace it)\n"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("out.wpk"))) == existing)

    let forced = try CLI.run(
      ["convert", "model.wpk", "out.wpk", "--force", "--compress", "none", "-q"], in: scratch.path)
    #expect(forced == CLIResult(status: 0, stdout: "", stderr: ""))
    let output = try WeightFile(path: scratch.file("out.wpk"))
    #expect(output.entries.map(\.codec) == [.raw, .raw])
    #expect(output.manifest.metadata == ["framework": "test"])
    let step = try #require(output.manifest.history.last)
    #expect(step.operation == "convert")
    #expect(step.tool == "wpk 0.1.0")
    #expect(step.time == "2025-12-04T00:00:00Z")
    #expect(step.parameters["from"] == "wpk")
    #expect(step.parameters["compress"] == "none")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
    #expect(leftovers.sorted() == ["model.wpk", "out.wpk"])
  }

  @Test func convertOfADamagedFileLeavesNoOutput() throws {
    let scratch = try Scratch()
    let path = try makeModel(in: scratch)
    var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let chunk = try WeightFile(path: path).entry(named: "layer.w").chunks[0]
    bytes[Int(chunk.offset)] ^= 0x40
    try bytes.write(to: URL(fileURLWithPath: scratch.file("bad.wpk")))
    let result = try CLI.run(["convert", "bad.wpk", "out.wpk"], in: scratch.path)
    #expect(result.status == 1)
    #expect(result.stderr.contains("tensor 'layer.w' chunk 0"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: scratch.path)
    #expect(leftovers.sorted() == ["bad.wpk", "model.wpk"])
  }
}

extension CommandTests {
  /// Metadata from a file cannot break inspect's table: control characters are escaped and
  /// long values cut; `--json` keeps the value whole.
  @Test func inspectKeepsHostileMetadataOnOneLine() throws {
    let scratch = try Scratch()
    let writer = try WeightWriter(path: scratch.file("m.wpk"))
    let long = String(repeating: "x", count: 300)
    writer.metadata = ["note": "a\nb\u{1B}[2J", "long": long]
    try writer.finish()
    let table = try CLI.run(["inspect", "m.wpk"], in: scratch.path)
    #expect(table.stdout.contains("  note: a\\u{a}b\\u{1b}[2J\n"))
    #expect(
      table.stdout.contains(
        "  long: " + String(repeating: "x", count: 200) + "... (300 characters in all)\n"))
    let json = try CLI.run(["inspect", "m.wpk", "--json"], in: scratch.path)
    #expect(json.stdout.contains("\"long\": \"\(long)\""))
  }
}
