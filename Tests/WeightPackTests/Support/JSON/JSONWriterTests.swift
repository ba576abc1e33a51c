import Testing

@testable import WeightPack

@Suite struct JSONWriterTests {
  private let sample = JSONValue.object([
    ("name", .string("w\"\\\n\t\r\u{01}é")),
    ("big", .number(UInt64.max)),
    ("list", .array([.number(-1), .bool(true), .null, .array([]), .object([])])),
  ])

  @Test func writesCompactText() {
    let text = String(decoding: JSONWriter.compact(sample), as: UTF8.self)
    #expect(
      text
        == #"{"name":"w\"\\\n\t\r\u0001é","big":18446744073709551615,"#
        + #""list":[-1,true,null,[],{}]}"#)
  }

  @Test func roundTripsThroughTheParser() throws {
    #expect(try JSONParser.parse(JSONWriter.compact(sample)) == sample)
    #expect(try JSONParser.parse(Array(JSONWriter.pretty(sample).utf8)) == sample)
  }

  @Test func roundTripsEveryControlCharacter() throws {
    let text = String(String.UnicodeScalarView((0..<0x20).compactMap(Unicode.Scalar.init)))
    let written = JSONWriter.compact(.string(text))
    #expect(!written.contains { $0 < 0x20 })
    #expect(try JSONParser.parse(written) == .string(text))
  }

  @Test func indentsPrettyText() {
    let pretty = JSONWriter.pretty(.object([("a", .array([.number(1)])), ("b", .object([]))]))
    #expect(pretty == "{\n  \"a\": [\n    1\n  ],\n  \"b\": {}\n}\n")
  }

  @Test func sortsManifestDictionariesByUTF8() {
    let manifest = Manifest(metadata: ["b": "2", "a": "1", "Z": "0", "é": "3"])
    let text = String(decoding: manifest.encoded, as: UTF8.self)
    #expect(text.contains(#""metadata":{"Z":"0","a":"1","b":"2","é":"3"}"#))
  }
}
