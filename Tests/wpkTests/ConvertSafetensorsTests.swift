import Foundation
import Testing

/// `wpk convert`, `inspect` and `verify` on files the real safetensors library wrote
/// (`Fixtures/safetensors`).
@Suite struct ConvertSafetensorsTests {
  static let fixtures = ConvertNPYTests.fixtures + "/safetensors"

  @Test func packsAndUnpacksByteForByte() throws {
    let scratch = try Scratch()
    let original = Self.fixtures + "/dtypes.safetensors"
    let packed = try CLI.run(["convert", original, "d.wpk"], in: scratch.path)
    #expect(packed == CLIResult(status: 0, stdout: "", stderr: "wrote d.wpk (wpk, 15 tensors)\n"))
    let verified = try CLI.run(["verify", "d.wpk"], in: scratch.path)
    #expect(verified.status == 0)
    let unpacked = try CLI.run(["convert", "d.wpk", "d.safetensors"], in: scratch.path)
    #expect(
      unpacked
        == CLIResult(
          status: 0, stdout: "", stderr: "wrote d.safetensors (safetensors, 15 tensors)\n"))
    let copy = try Data(contentsOf: URL(fileURLWithPath: scratch.file("d.safetensors")))
    #expect(copy == (try Data(contentsOf: URL(fileURLWithPath: original))))
  }

  @Test func inspectsTheHeaderOnly() throws {
    let result = try CLI.run(["inspect", Self.fixtures + "/shapes.safetensors"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(
      lines.first?.hasSuffix(
        "shapes.safetensors: safetensors, 3 tensors, 68 B decoded, "
          + "68 B stored (ratio 1.000)") == true)
    #expect(lines.contains { $0.hasPrefix("rank5   I16    [2, 2, 2, 2, 2]  64 B") })
  }

  @Test func convertsAShardedCheckpoint() throws {
    let scratch = try Scratch()
    let index = Self.fixtures + "/sharded/model.safetensors.index.json"
    let result = try CLI.run(["convert", index, "m.wpk", "--verbose"], in: scratch.path)
    #expect(result.status == 0)
    #expect(
      result.stderr == """
          embed.weight F32 [16, 4]
          layers.0.weight F32 [4, 4]
          layers.1.bias F32 [4]
          layers.1.weight F32 [4, 4]
        wrote m.wpk (wpk, 4 tensors)

        """)
  }

  @Test func castsToBFloat16() throws {
    let scratch = try Scratch()
    let result = try CLI.run(
      ["convert", Self.fixtures + "/shapes.safetensors", "s.wpk", "--dtype", "BF16", "-v"],
      in: scratch.path)
    #expect(result.status == 0)
    #expect(result.stderr.hasPrefix("note: 1 tensor kept (not F64, F32, F16 or BF16): rank5\n"))
    let table = try CLI.run(["inspect", "s.wpk"], in: scratch.path)
    #expect(table.stdout.contains("scalar  BF16   []"))
    #expect(table.stdout.contains("dtype=BF16"))
  }

  @Test func refusesAHostileFileWithOneLine() throws {
    let scratch = try Scratch()
    let header =
      #"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"#
      + #""b":{"dtype":"U8","shape":[2],"data_offsets":[3,5]}}"#
    var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Array($0) }
    bytes += Array(header.utf8) + [1, 2, 3, 4, 5]
    try Data(bytes).write(to: URL(fileURLWithPath: scratch.file("bad.safetensors")))
    let result = try CLI.run(["convert", "bad.safetensors", "out.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: bad.safetensors: tensor 'b' at byte \(8 + header.utf8.count + 3): "
            + "malformed safetensors header: data begins at 3 of the data region but the tensor "
            + "before ends at 2, so it leaves a gap\n"))
    #expect(!FileManager.default.fileExists(atPath: scratch.file("out.wpk")))
  }

  @Test func refusesToWriteAnIndex() throws {
    let scratch = try Scratch()
    let result = try CLI.run(
      ["convert", Self.fixtures + "/shapes.safetensors", "model.safetensors.index.json"],
      in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: model.safetensors.index.json: format 'safetensors-index' cannot be "
            + "used for writing\n"))
  }
}
