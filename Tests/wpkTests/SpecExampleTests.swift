import Foundation
import Testing

/// Pins the worked example of Spec/FORMAT.md, section 11: the hex dump there must be exactly
/// what `wpk convert Fixtures/spec/example.npy example.wpk` writes.
@Suite struct SpecExampleTests {
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test func hexDumpInTheSpecIsWhatWpkWrites() throws {
    let scratch = try Scratch()
    let input = Self.packageRoot.appendingPathComponent("Fixtures/spec/example.npy").path
    let result = try CLI.run(["convert", input, "example.wpk", "--quiet"], in: scratch.path)
    #expect(result == CLIResult(status: 0, stdout: "", stderr: ""))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.file("example.wpk")))
    let spec = try String(
      contentsOf: Self.packageRoot.appendingPathComponent("Spec/FORMAT.md"), encoding: .utf8)
    let dump = try #require(Self.block(after: "<!-- example-hex-dump -->", in: spec))
    #expect(dump == Self.hexDump([UInt8](bytes)))
  }

  /// The contents of the first fenced block after `marker`.
  static func block(after marker: String, in text: String) -> String? {
    guard let start = text.range(of: marker) else { return nil }
    let rest = text[start.upperBound...]
    guard let open = rest.range(of: "```text\n"),
      let close = rest[open.upperBound...].range(of: "```")
    else { return nil }
    return String(rest[open.upperBound..<close.lowerBound])
  }

  /// The dump in `xxd`'s layout: offset, 8 groups of 2 bytes, the printable characters.
  static func hexDump(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for lineStart in stride(from: 0, to: bytes.count, by: 16) {
      let line = bytes[lineStart..<min(lineStart + 16, bytes.count)]
      var offset = String(lineStart, radix: 16)
      offset = String(repeating: "0", count: 8 - offset.count) + offset
      var hex = ""
      for (index, byte) in line.enumerated() {
        if index > 0 && index % 2 == 0 { hex += " " }
        hex.append(digits[Int(byte >> 4)])
        hex.append(digits[Int(byte & 0x0F)])
      }
      hex += String(repeating: " ", count: 39 - hex.count)
      let ascii = String(
        line.map { $0 >= 0x20 && $0 < 0x7F ? Character(Unicode.Scalar($0)) : "." })
      text += "\(offset): \(hex)  \(ascii)\n"
    }
    return text
  }
}
