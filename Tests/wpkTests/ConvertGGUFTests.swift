import Foundation
import Testing

/// `wpk convert`, `inspect` and `verify` on GGUF files made by gguf-py (Fixtures/gguf).
@Suite struct ConvertGGUFTests {
  static let fixtures = SpecExampleTests.packageRoot.appendingPathComponent("Fixtures/gguf").path

  @Test func convertsToWPKAndBackIdentically() throws {
    let scratch = try Scratch()
    let original = Self.fixtures + "/tensors.gguf"
    let packed = try CLI.run(["convert", original, "t.wpk"], in: scratch.path)
    #expect(packed == CLIResult(status: 0, stdout: "", stderr: "wrote t.wpk (wpk, 11 tensors)\n"))
    let verified = try CLI.run(["verify", "t.wpk"], in: scratch.path)
    #expect(
      verified
        == CLIResult(
          status: 0, stdout: "t.wpk: OK (11 tensors, 11 chunks, 422 bytes checked)\n", stderr: ""))
    let back = try CLI.run(["convert", "t.wpk", "t.gguf"], in: scratch.path)
    #expect(back == CLIResult(status: 0, stdout: "", stderr: "wrote t.gguf (gguf, 11 tensors)\n"))
    let copy = try Data(contentsOf: URL(fileURLWithPath: scratch.file("t.gguf")))
    #expect(copy == (try Data(contentsOf: URL(fileURLWithPath: original))))
  }

  @Test func inspectShowsTypedMetadata() throws {
    let result = try CLI.run(["inspect", Self.fixtures + "/aligned64.gguf"])
    let expected = """
      \(Self.fixtures)/aligned64.gguf: gguf 3, 2 tensors, 20 B decoded, 20 B stored (ratio 1.000)

      NAME  DTYPE  SHAPE   SIZE  STORED  RATIO  CODEC
      a     F32    [3]     12 B  12 B    1.000  raw
      b     F32    [2, 1]  8 B   8 B     1.000  raw

      TYPED METADATA
        general.architecture (string): "bert"
        general.alignment (u32): 64

      """
    #expect(result == CLIResult(status: 0, stdout: expected, stderr: ""))
  }

  @Test func inspectJSONCarriesTypedMetadataExactly() throws {
    let result = try CLI.run(["inspect", "--json", Self.fixtures + "/metadata.gguf"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"format\": \"gguf\""))
    #expect(result.stdout.contains("\"key\": \"test.f32_nan\""))
    #expect(result.stdout.contains("\"value\": \"nan:0x7fc00000\""))
    #expect(result.stdout.contains("\"value\": 18446744073709551615"))
    #expect(result.stdout.contains("\"element_type\": \"array\""))
  }

  @Test func npyBecomesGGUFWithAnUnknownArchitecture() throws {
    let scratch = try Scratch()
    let npy = SpecExampleTests.packageRoot.appendingPathComponent("Fixtures/spec/example.npy").path
    let result = try CLI.run(["convert", npy, "e.gguf", "-q"], in: scratch.path)
    #expect(result == CLIResult(status: 0, stdout: "", stderr: ""))
    let table = try CLI.run(["inspect", "e.gguf"], in: scratch.path)
    #expect(table.stdout.contains("example  F32    [2, 3]"))
    #expect(table.stdout.contains("  general.architecture (string): \"unknown\"\n"))
  }

  @Test func hostileFileFailsWithItsOffset() throws {
    let scratch = try Scratch()
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/aligned64.gguf"))
    bytes[4] = 4
    try bytes.write(to: URL(fileURLWithPath: scratch.file("bad.gguf")))
    let result = try CLI.run(["convert", "bad.gguf", "x.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr:
            "Error: bad.gguf: at byte 4: format version 4 is not supported (newest supported is 3)\n"
        ))
    let huge = try Scratch()
    var count = bytes
    count[4] = 3
    for index in 8..<16 { count[index] = 0xFF }
    try count.write(to: URL(fileURLWithPath: huge.file("count.gguf")))
    let countResult = try CLI.run(["inspect", "count.gguf"], in: huge.path)
    #expect(
      countResult
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: count.gguf: at byte 8: malformed GGUF file: tensor count is "
            + "18446744073709551615, but the bytes left hold at most 12\n"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["bad.gguf"])
  }

  @Test func unsignedTensorsCannotBeGGUF() throws {
    let scratch = try Scratch()
    let npy = SpecExampleTests.packageRoot.appendingPathComponent("Fixtures/npy/dtype-u16-le.npy")
      .path
    let result = try CLI.run(["convert", npy, "u.gguf"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: u.gguf: tensor 'dtype-u16-le': dtype U16 cannot be stored in gguf\n"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }
}
