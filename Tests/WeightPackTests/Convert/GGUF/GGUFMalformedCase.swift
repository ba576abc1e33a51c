import Testing

@testable import WeightPack

/// One way to break a GGUF file, with the error kind and offset the reader must report.
struct GGUFMalformedCase: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  var expectedKind: WeightPackError.Kind
  var expectedOffset: UInt64?

  var testDescription: String { name }

  static func defect(_ defect: GGUFDefect) -> WeightPackError.Kind { .malformedGGUF(defect) }

  /// A file whose one metadata pair is `general.architecture` and then `pair`; `pair`
  /// starts at byte 68 and the tensor info follows it.
  static func withPair(_ pair: [UInt8]) -> [UInt8] {
    var file = GGUFBytes()
    file.metadata.append(pair)
    return file.bytes
  }

  /// A file whose tensor infos are `infos` (the first at byte 68).
  static func withTensors(_ infos: [[UInt8]], dataByteCount: Int = 256) -> [UInt8] {
    var file = GGUFBytes()
    file.tensors = infos
    file.dataByteCount = dataByteCount
    return file.bytes
  }
}
