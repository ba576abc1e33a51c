import Testing

@testable import WeightPack

@Suite struct JSONParserTests {
  private func parse(_ text: String, maximumDepth: Int = 64) throws -> JSONValue {
    try JSONParser.parse(Array(text.utf8), maximumDepth: maximumDepth)
  }

  /// The detail of the `.invalidJSON` error that parsing `text` throws.
  private func failure(_ text: String, maximumDepth: Int = 64) -> String? {
    let error = #expect(throws: WeightPackError.self) {
      _ = try parse(text, maximumDepth: maximumDepth)
    }
    guard case .invalidJSON(let detail)? = error?.kind else { return nil }
    return detail
  }

  @Test func parsesEveryKindOfValue() throws {
    let value = try parse(#" {"a": [1, -2.5e3, true, false, null, "s"], "b": {}} "#)
    #expect(
      value
        == .object([
          (
            "a",
            .array([
              .number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("s"),
            ])
          ),
          ("b", .object([])),
        ]))
  }

  @Test func keepsMemberOrder() throws {
    guard case .object(let members) = try parse(#"{"z":1,"a":2,"m":3}"#) else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.0) == ["z", "a", "m"])
  }

  @Test func keepsIntegersExact() throws {
    let value = try parse("[18446744073709551615, 9007199254740993, 0]")
    #expect(
      value == .array([.number("18446744073709551615"), .number("9007199254740993"), .number("0")]))
  }

  @Test func decodesEscapes() throws {
    let value = try parse(#"["\"\\\/\b\f\n\r\t", "\u0041\u00e9\u4e2d"]"#)
    #expect(value == .array([.string("\"\\/\u{08}\u{0C}\n\r\t"), .string("Aé中")]))
  }

  @Test func decodesSurrogatePairsAndRawUnicode() throws {
    #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
    #expect(try parse("\"é😀\"") == .string("é😀"))
  }

  @Test(arguments: [#""\ud83d""#, #""\ud83dx""#, #""\ud83d\u0041""#, #""\ude00""#])
  func refusesLoneSurrogates(_ text: String) {
    #expect(failure(text)?.contains("lone surrogate") == true)
  }

  @Test func refusesDuplicateKeys() {
    #expect(failure(#"{"a":1,"b":2,"a":3}"#) == "duplicate key 'a' at byte 13 of the document")
    #expect(failure(#"{"x":{"k":1,"k":1}}"#)?.contains("duplicate key 'k'") == true)
  }

  @Test func limitsDepth() throws {
    let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
    _ = try parse(deep)
    #expect(failure("[" + deep + "]")?.contains("nesting deeper than 64") == true)
    #expect(failure(#"{"a":{"b":{}}}"#, maximumDepth: 2)?.contains("nesting deeper than 2") == true)
  }

  @Test func survivesVeryDeepNesting() {
    #expect(failure(String(repeating: "[", count: 100_000))?.contains("nesting") == true)
  }

  @Test(arguments: ["{} x", "[1] [2]", "1 2", "{}}"])
  func refusesTrailingData(_ text: String) {
    #expect(failure(text)?.contains("unexpected data after the document") == true)
  }

  @Test(arguments: [
    "", " ", "{", "[1,]", "{\"a\"}", "{\"a\":}", "{a:1}", "[01]", "[1.]", "[.5]", "[1e]", "[-]",
    "[+1]", "tru", "nul", "[\"\\x\"]", "[\"\\u12g4\"]", "\"abc", "[NaN]", "{\"a\":1,}",
    "\"tab\there\"", "'a'",
  ])
  func refusesInvalidDocuments(_ text: String) {
    #expect(failure(text) != nil)
  }

  @Test func refusesInvalidUTF8InStrings() {
    for bytes: [UInt8] in [
      [0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22],
    ] {
      let error = #expect(throws: WeightPackError.self) { _ = try JSONParser.parse(bytes) }
      #expect(error?.kind == .invalidUTF8)
    }
  }

  @Test func reportsThePosition() {
    #expect(failure("[1, 2, x]") == "unexpected character 'x' at byte 7 of the document")
  }
}
