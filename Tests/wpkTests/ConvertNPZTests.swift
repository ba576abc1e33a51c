import Foundation
import Testing

/// `wpk convert`, `inspect` and `verify` on `.npz` archives made by real NumPy.
@Suite struct ConvertNPZTests {
  static let fixtures = SpecExampleTests.packageRoot.appendingPathComponent("Fixtures").path

  @Test func convertsBothWaysAndBack() throws {
    let scratch = try Scratch()
    let input = Self.fixtures + "/npz/savez-compressed.npz"
    let packed = try CLI.run(["convert", input, "a.wpk"], in: scratch.path)
    #expect(packed == CLIResult(status: 0, stdout: "", stderr: "wrote a.wpk (wpk, 11 tensors)\n"))

    let stored = try CLI.run(["convert", "a.wpk", "stored.npz"], in: scratch.path)
    #expect(
      stored == CLIResult(status: 0, stdout: "", stderr: "wrote stored.npz (npz, 11 tensors)\n"))
    let deflated = try CLI.run(
      ["convert", "a.wpk", "deflated.npz", "--compress", "zlib", "-q"], in: scratch.path)
    #expect(deflated == CLIResult(status: 0, stdout: "", stderr: ""))

    let storedTable = try CLI.run(["inspect", "stored.npz", "--json"], in: scratch.path)
    #expect(storedTable.status == 0)
    #expect(storedTable.stdout.contains("\"format\": \"npz\""))
    #expect(storedTable.stdout.contains("\"codec\": \"raw\""))
    #expect(!storedTable.stdout.contains("\"codec\": \"deflate\""))
    let deflatedTable = try CLI.run(["inspect", "deflated.npz", "--json"], in: scratch.path)
    #expect(deflatedTable.stdout.contains("\"codec\": \"deflate\""))
    #expect(!deflatedTable.stdout.contains("\"codec\": \"raw\""))

    let verified = try CLI.run(["verify", "stored.npz", "deflated.npz"], in: scratch.path)
    #expect(
      verified
        == CLIResult(
          status: 0,
          stdout: "stored.npz: OK (11 tensors, 11 chunks, 254 bytes checked)\n"
            + "deflated.npz: OK (11 tensors, 11 chunks, 254 bytes checked)\n",
          stderr: ""))

    let back = try CLI.run(["convert", "deflated.npz", "b.wpk", "-q"], in: scratch.path)
    #expect(back.status == 0)
    let first = try CLI.run(["inspect", "a.wpk", "--json"], in: scratch.path)
    let second = try CLI.run(["inspect", "b.wpk", "--json"], in: scratch.path)
    #expect(tensorLines(first.stdout) == tensorLines(second.stdout))
  }

  @Test func inspectShowsTheArchiveTable() throws {
    let result = try CLI.run(["inspect", Self.fixtures + "/npz/savez.npz"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let rows = result.stdout.split(separator: "\n").map(String.init)
    #expect(rows.first?.hasPrefix(Self.fixtures + "/npz/savez.npz: npz, 11 tensors, ") == true)
    #expect(rows.contains { $0.hasPrefix("encoder.layer0.w") && $0.hasSuffix("raw") })
    #expect(rows.contains { $0.hasPrefix("scalar") && $0.contains("F16    []") })
  }

  @Test func hostileArchiveFailsWithOneLine() throws {
    let scratch = try Scratch()
    let path = Self.fixtures + "/malformed/npz/parent-dir-member.npz"
    let result = try CLI.run(["convert", path, "x.wpk"], in: scratch.path)
    #expect(
      result
        == CLIResult(
          status: 1, stdout: "",
          stderr: "Error: \(path): at byte 185: member name '../evil.npy' is not a safe "
            + "relative path\n"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)

    let bzip2 = Self.fixtures + "/malformed/npz/bzip2-member.npz"
    let verify = try CLI.run(["verify", bzip2])
    #expect(verify.status == 1)
    #expect(
      verify.stderr
        == "Error: \(bzip2): at byte 159: compression method 12 (bzip2) is not supported "
        + "(only 0, stored, and 8, deflated)\n")
  }

  @Test func damagedMemberNamesTensorAndOffset() throws {
    let scratch = try Scratch()
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/npz/savez.npz"))
    bytes[bytes.startIndex + 188] ^= 0x01  // data at 60 (30 + 10 + 20), npy header 128
    try bytes.write(to: URL(fileURLWithPath: scratch.file("bad.npz")))
    let result = try CLI.run(["convert", "bad.npz", "x.wpk"], in: scratch.path)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix(
        "Error: bad.npz: tensor 'weight' at byte 60: checksum mismatch (expected 0x"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["bad.npz"])
  }

  private func tensorLines(_ json: String) -> [String] {
    json.split(separator: "\n").map(String.init).filter { line in
      ["\"name\"", "\"dtype\"", "\"byte_count\""].contains { line.contains($0) }
    }
  }
}
