import Testing

@testable import WeightPack

/// Typed metadata in the manifest: exact JSON encoding, and the format version it needs.
@Suite struct TypedMetadataTests {
  static let values: [MetadataValue] = [
    .uint8(255), .int8(-128), .uint16(65535), .int16(-32768), .uint32(.max), .int32(.min),
    .uint64(.max), .int64(.min), .float32(0.1), .float32(-0.0), .float32(.leastNonzeroMagnitude),
    .float32(.infinity), .float32(Float(bitPattern: 0xFFC0_0001)), .float64(-.infinity),
    .float64(Double(bitPattern: 0x7FF0_0000_0000_0001)), .float64(.pi), .bool(true),
    .string("\"q\"\u{0}\n"),
    .array(elementType: .string, elements: [.string("a"), .string("")]),
    .array(elementType: .array, elements: [.array(elementType: .uint8, elements: [.uint8(1)])]),
    .array(elementType: .int64, elements: []),
  ]

  @Test(arguments: values)
  func roundTripsBitForBit(_ value: MetadataValue) throws {
    let entry = TypedMetadataEntry(key: "k", value: value)
    let text = JSONWriter.compact(entry.json)
    let decoded = try TypedMetadataEntry(field: Field(try JSONParser.parse(text), "entry"))
    #expect(decoded == entry)
  }

  @Test func spellsValuesAsDocumented() {
    func json(_ value: MetadataValue) -> String {
      String(
        decoding: JSONWriter.compact(TypedMetadataEntry(key: "k", value: value).json), as: UTF8.self
      )
    }
    #expect(json(.float32(0.1)) == #"{"key":"k","type":"f32","value":0.1}"#)
    #expect(json(.float32(-.infinity)) == #"{"key":"k","type":"f32","value":"-inf"}"#)
    #expect(json(.float32(.nan)) == #"{"key":"k","type":"f32","value":"nan:0x7fc00000"}"#)
    #expect(json(.uint64(.max)) == #"{"key":"k","type":"u64","value":18446744073709551615}"#)
    #expect(
      json(
        .array(
          elementType: .array, elements: [.array(elementType: .bool, elements: [.bool(false)])]))
        == #"{"key":"k","type":"array","element_type":"array","value":[{"element_type":"bool","value":[false]}]}"#
    )
  }

  @Test(arguments: [
    #"{"key":"k","type":"u8","value":256}"#, #"{"key":"k","type":"i8","value":1.0}"#,
    #"{"key":"k","type":"f32","value":1e39}"#, #"{"key":"k","type":"f32","value":"nan"}"#,
    #"{"key":"k","type":"f32","value":"nan:0x3f800000"}"#, #"{"key":"k","type":"bool","value":1}"#,
    #"{"key":"k","type":"c64","value":1}"#, #"{"key":"k","type":"array","value":[1]}"#,
    #"{"key":"k","type":"array","element_type":"u8","value":[1,-1]}"#,
    #"{"key":"k","type":"i8","value":-0}"#, #"{"key":"k","type":"f32","value":"nan:0x7FC00000"}"#,
    #"{"key":"k","type":"f64","value":"nan:0x7ff8000"}"#,
  ])
  func refusesValuesThatDoNotFitTheirType(_ text: String) throws {
    let json = try JSONParser.parse(Array(text.utf8))
    #expect(throws: WeightPackError.self) {
      _ = try TypedMetadataEntry(field: Field(json, "entry"))
    }
  }

  @Test func writerPicksTheLowestVersion() throws {
    let directory = try TemporaryDirectory()
    let plain = try writeFile(
      [TestTensor(name: "w", dtype: .float32, dimensions: [2], bytes: float32Bytes([1, 2]))],
      to: directory.file("plain.wpk"))
    #expect(Array(plain[8..<12]) == [1, 0, 0, 0])
    let blocks = try writeFile(
      [
        TestTensor(
          name: "q", dtype: .q4Zero, dimensions: [32], bytes: [UInt8](repeating: 3, count: 18))
      ],
      to: directory.file("blocks.wpk"))
    #expect(Array(blocks[8..<12]) == [1, 0, 1, 0])
    #expect(
      try WeightFile(path: directory.file("blocks.wpk")).manifest.formatVersion == .withBlockTypes)

    let writer = try WeightWriter(path: directory.file("typed.wpk"), options: smallWriteOptions())
    writer.typedMetadata = [TypedMetadataEntry(key: "n", value: .int16(-2))]
    try writer.finish()
    let typed = try WeightFile(path: directory.file("typed.wpk"))
    #expect(typed.version == .withBlockTypes)
    #expect(typed.typedMetadata == writer.typedMetadata)
  }

  @Test func readerRefusesFeaturesNewerThanTheDeclaredVersion() throws {
    let directory = try TemporaryDirectory()
    let bytes = try writeFile(
      [
        TestTensor(
          name: "q", dtype: .q8Zero, dimensions: [32], bytes: [UInt8](repeating: 1, count: 34))
      ],
      to: directory.file("q.wpk"))
    var container = ContainerBytes(bytes: bytes)
    container.bytes.store(UInt16(0), at: 10)
    let downgraded = try container.replacing(["format_version"], with: .string("1.0"))
    try writeBytes(downgraded, to: directory.file("bad.wpk"))
    let error = #expect(throws: WeightPackError.self) {
      _ = try WeightFile(path: directory.file("bad.wpk"))
    }
    #expect(
      error?.kind
        == .featureNeedsNewerVersion(feature: "dtype Q8_0", introducedIn: "1.1", declared: "1.0"))
  }

  @Test func readerRefusesDuplicateKeysAndBadFilters() throws {
    let directory = try TemporaryDirectory()
    let bytes = try writeFile(
      [
        TestTensor(
          name: "q", dtype: .q8Zero, dimensions: [32], bytes: [UInt8](repeating: 1, count: 34))
      ],
      to: directory.file("q.wpk"))
    let container = ContainerBytes(bytes: bytes)
    let pair = TypedMetadataEntry(key: "a", value: .bool(true)).json
    let duplicate = try container.replacing(["typed_metadata"], with: .array([pair, pair]))
    try writeBytes(duplicate, to: directory.file("dup.wpk"))
    let error = #expect(throws: WeightPackError.self) {
      _ = try WeightFile(path: directory.file("dup.wpk"))
    }
    #expect(error?.kind == .duplicateMetadataKey("a"))
    let shuffled = try container.replacing(
      ["tensors", 0, "filters"], with: .array([.string("byte-shuffle")]))
    try writeBytes(shuffled, to: directory.file("shuffle.wpk"))
    let filterError = #expect(throws: WeightPackError.self) {
      _ = try WeightFile(path: directory.file("shuffle.wpk"))
    }
    #expect(
      filterError?.kind
        == .unknownFilter("Q8_0 blocks take [] or [block-split], not [byte-shuffle]"))
  }
}
