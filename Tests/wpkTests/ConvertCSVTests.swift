import Foundation
import Testing

/// `wpk convert` and `wpk normalize` on CSV files pandas and numpy wrote (`Fixtures/csv`).
@Suite struct ConvertCSVTests {
  static let fixtures = ConvertNPYTests.fixtures + "/csv"

  @Test func convertsBothWays() throws {
    let scratch = try Scratch()
    let packed = try CLI.run(["convert", Self.fixtures + "/pandas.csv", "p.wpk"], in: scratch.path)
    #expect(packed == CLIResult(status: 0, stdout: "", stderr: "wrote p.wpk (wpk, 1 tensor)\n"))
    let table = try CLI.run(["inspect", "p.wpk"], in: scratch.path)
    #expect(table.stdout.contains(#"csv.columns: ["alpha","beta","gamma,delta","epsilon"]"#))
    #expect(table.stdout.contains("pandas  F32    [20, 4]"))
    let back = try CLI.run(["convert", "p.wpk", "p.csv"], in: scratch.path)
    #expect(back == CLIResult(status: 0, stdout: "", stderr: "wrote p.csv (csv, 1 tensor)\n"))
    let text = try String(contentsOfFile: scratch.file("p.csv"), encoding: .utf8)
    #expect(text.hasPrefix("alpha,beta,\"gamma,delta\",epsilon\n0.34192768,13.597475,"))
  }

  @Test func namesTheLineAndColumnOfABadCell() throws {
    let scratch = try Scratch()
    try "a,b\n1,2\n3,x\n".write(toFile: scratch.file("bad.csv"), atomically: true, encoding: .utf8)
    let result = try CLI.run(["convert", "bad.csv", "bad.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: bad.csv: tensor 'bad' at byte 10: line 3, column 2: 'x' is not a number\n"
        ))
    #expect(!FileManager.default.fileExists(atPath: scratch.file("bad.wpk")))
  }

  @Test func refusesRankThreeWithoutReshape() throws {
    let scratch = try Scratch()
    let cube = ConvertNPYTests.fixtures + "/npy/rank-3.npy"
    let refused = try CLI.run(["convert", cube, "c.csv"], in: scratch.path)
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("cannot be stored in csv: CSV holds 1-D or 2-D tensors"))
    let reshaped = try CLI.run(["convert", cube, "c.csv", "--reshape", "2,-1"], in: scratch.path)
    #expect(reshaped.status == 0)
    let lines = try String(contentsOfFile: scratch.file("c.csv"), encoding: .utf8)
      .split(separator: "\n")
    #expect(lines.count == 2)
  }

  @Test func normalizesAndRestores() throws {
    let scratch = try Scratch()
    let scale = Self.fixtures + "/scale.csv"
    let packed = try CLI.run(
      ["convert", scale, "s.wpk", "--normalize", "minmax", "--range", "-1,1"], in: scratch.path)
    #expect(packed.status == 0)
    let table = try CLI.run(["inspect", "s.wpk"], in: scratch.path)
    #expect(table.stdout.contains(#"scaler.scale: {"method":"minmax","feature_range":[-1.0,1.0]}"#))
    #expect(table.stdout.contains("scale.scaler.data_min  F64    [5]"))
    let restored = try CLI.run(["normalize", "s.wpk", "r.wpk", "--inverse"], in: scratch.path)
    #expect(restored == CLIResult(status: 0, stdout: "", stderr: "wrote r.wpk (wpk, 1 tensor)\n"))
    let again = try CLI.run(
      ["normalize", "s.wpk", "t.wpk", "--method", "zscore"], in: scratch.path)
    #expect(again.status == 1)
    #expect(again.stderr.contains("'scale' is already normalized (undo it with --inverse)"))
  }

  @Test func normalizeUsageErrors() throws {
    let cases: [([String], String)] = [
      (
        ["normalize", "a.wpk", "b.wpk"], "Error: '--method minmax' or '--method zscore' is required"
      ),
      (
        ["normalize", "a.wpk", "b.wpk", "--method", "zscore", "--range", "0,1"],
        "Error: '--range' applies to minmax only"
      ),
      (
        ["normalize", "a.wpk", "b.wpk", "--method", "minmax", "--range", "1,0"],
        "Error: invalid value '1,0' for '--range': expected two numbers A,B with A < B"
      ),
      (
        ["normalize", "a.wpk", "b.wpk", "--inverse", "--method", "minmax"],
        "Error: '--inverse' reads the method and range from the file"
      ),
      (
        ["normalize", "a.wpk", "b.wpk", "--inverse", "--tensors", "x*"],
        "Error: '--inverse' restores every normalized tensor; drop '--tensors'"
      ),
    ]
    for (arguments, message) in cases {
      let result = try CLI.run(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stderr.hasPrefix(message + "\n"), "\(result.stderr)")
    }
  }
}
