import Foundation
import Testing

/// `wpk convert` and `wpk inspect` on files made by real NumPy (Fixtures/model, Fixtures/npy).
@Suite struct ConvertNPYTests {
  static let fixtures = SpecExampleTests.packageRoot.appendingPathComponent("Fixtures").path

  @Test func packsADirectoryAndUnpacksItAgain() throws {
    let scratch = try Scratch()
    let model = Self.fixtures + "/model"
    let packed = try CLI.run(["convert", model, "model.wpk"], in: scratch.path)
    #expect(
      packed == CLIResult(status: 0, stdout: "", stderr: "wrote model.wpk (wpk, 5 tensors)\n"))

    let table = try CLI.run(["inspect", "model.wpk"], in: scratch.path)
    #expect(table.status == 0)
    let rows = table.stdout.split(separator: "\n").map(String.init)
    #expect(rows.first?.hasPrefix("model.wpk: wpk 1.0, 5 tensors, 322.0 KiB decoded, ") == true)
    #expect(rows.dropFirst().first?.hasPrefix("NAME  ") == true)
    #expect(
      rows.contains { $0.hasPrefix("embeddings.word.weight       F32    [512, 128]  256.0 KiB") })
    #expect(rows.contains { $0.hasPrefix("position_ids                 I64    [1, 128]") })
    #expect(
      table.stdout.contains(
        "convert  chunk_size=1048576 compress=zlib from=npy-dir source=model to=wpk\n"))

    let unpacked = try CLI.run(["convert", "model.wpk", "out"], in: scratch.path)
    #expect(
      unpacked == CLIResult(status: 0, stdout: "", stderr: "wrote out (npy-dir, 5 tensors)\n"))
    let original = try Data(
      contentsOf: URL(fileURLWithPath: model + "/encoder/layer0/dense.weight.npy"))
    let copy = try Data(
      contentsOf: URL(fileURLWithPath: scratch.file("out/encoder.layer0.dense.weight.npy")))
    #expect(copy == original)
  }

  @Test func inspectReadsANPYHeader() throws {
    let result = try CLI.run(["inspect", Self.fixtures + "/npy/fortran-2d-f32-be.npy", "--json"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("\"format\": \"npy\""))
    #expect(result.stdout.contains("\"dtype\": \"F32\""))
    #expect(result.stdout.contains("\"codec\": \"raw\""))
  }

  @Test func manyTensorsDoNotFitOneNPY() throws {
    let scratch = try Scratch()
    _ = try CLI.run(["convert", Self.fixtures + "/model", "model.wpk", "-q"], in: scratch.path)
    let result = try CLI.run(["convert", "model.wpk", "one.npy"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: one.npy: format 'npy' holds exactly one tensor, the input has 5 "
            + "(convert to a directory of .npy files instead)\n"))
    #expect(!FileManager.default.fileExists(atPath: scratch.file("one.npy")))
  }

  @Test func unknownExtensionsAndMissingInputsFail() throws {
    let scratch = try Scratch()
    let unknown = try CLI.run(
      ["convert", Self.fixtures + "/wpk/tiny.wpk", "x.bin"], in: scratch.path)
    #expect(
      unknown
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: x.bin: cannot tell the format: unknown extension 'bin' "
            + "(known: .wpk, .npy, .npz, .safetensors, .safetensors.index.json, .gguf, .csv, "
            + ".tsv; or use --from/--to)\n"))
    let missing = try CLI.run(["convert", "nothing.npy", "x.wpk"], in: scratch.path)
    #expect(
      missing
        == CLIResult(
          status: 1, stdout: "", stderr: "Error: nothing.npy: no such file or directory\n"))
  }

  @Test func refusedNPYDtypesNameTheDescr() throws {
    let scratch = try Scratch()
    let path = Self.fixtures + "/malformed/npy/object-pickled.npy"
    let result = try CLI.run(["convert", path, "x.wpk"], in: scratch.path)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("Error: \(path): at byte "))
    #expect(result.stderr.contains("'|O'"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
  }

  @Test func stdoutStaysCleanAndQuietIsQuiet() throws {
    let scratch = try Scratch()
    let result = try CLI.run(
      ["convert", Self.fixtures + "/npy/rank-3.npy", "r.wpk", "--quiet"], in: scratch.path)
    #expect(result == CLIResult(status: 0, stdout: "", stderr: ""))
    let back = try CLI.run(["convert", "r.wpk", "r.npy", "-q"], in: scratch.path)
    #expect(back == CLIResult(status: 0, stdout: "", stderr: ""))
    let original = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/npy/rank-3.npy"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file("r.npy"))) == original)
  }
}
