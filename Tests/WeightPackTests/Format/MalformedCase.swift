import Foundation
import Testing

@testable import WeightPack

/// One way to break a `.wpk` file: how to make the bytes, and how a reader must refuse them.
struct MalformedCase: Sendable, CustomTestStringConvertible {
  /// What is broken, as the test's name.
  let name: String
  /// Makes the broken file from the valid sample, and says how it must fail.
  let make: @Sendable (SampleFile) throws -> Malformed

  init(_ name: String, _ make: @escaping @Sendable (SampleFile) throws -> Malformed) {
    self.name = name
    self.make = make
  }

  var testDescription: String { name }
}

/// A broken file and the error a reader must report for it.
struct Malformed: Sendable {
  /// The file's bytes.
  var bytes: [UInt8]
  /// The step that must fail; the steps before it must succeed.
  var stage: Stage
  /// The error's kind.
  var kind: KindMatcher
  /// The error's offset: bytes from the start of the file, or nil when it names none.
  var offset: UInt64?
  /// The tensor the error must name, if any.
  var tensor: String?
  /// The chunk the error must name, if any.
  var chunk: Int?
  /// The limits the file is opened with.
  var options: ReadOptions

  init(
    _ bytes: [UInt8],
    fails stage: Stage = .open,
    with kind: KindMatcher,
    at offset: UInt64?,
    tensor: String? = nil,
    chunk: Int? = nil,
    options: ReadOptions = ReadOptions()
  ) {
    self.bytes = bytes
    self.stage = stage
    self.kind = kind
    self.offset = offset
    self.tensor = tensor
    self.chunk = chunk
    self.options = options
  }
}

/// The reader step at which a broken file is found out.
enum Stage: Sendable, Equatable, CustomStringConvertible {
  /// `WeightFile(path:options:)`.
  case open
  /// `readChunk(_:of:)` of one chunk; opening succeeds.
  case readChunk(tensor: String, chunk: Int)
  /// `data(of:)` of one tensor; opening succeeds.
  case data(tensor: String)
  /// `verify()`; opening and every chunk read succeed.
  case verify

  var description: String {
    switch self {
    case .open: return "open"
    case .readChunk(let tensor, let chunk): return "readChunk(\(chunk)) of '\(tensor)'"
    case .data(let tensor): return "data(of: '\(tensor)')"
    case .verify: return "verify()"
    }
  }
}

/// Matches an error kind exactly, or by its case and a fragment of its detail text (for
/// kinds whose detail is a sentence, such as `.invalidJSON`).
struct KindMatcher: Sendable, CustomStringConvertible {
  let description: String
  let matches: @Sendable (WeightPackError.Kind) -> Bool

  /// Matches `kind` and nothing else.
  static func exactly(_ kind: WeightPackError.Kind) -> KindMatcher {
    KindMatcher(description: "\(kind)") { $0 == kind }
  }

  /// Matches the case of `example` whose detail contains `fragment`.
  static func like(_ example: WeightPackError.Kind, containing fragment: String) -> KindMatcher {
    KindMatcher(description: "\(caseName(of: example)) containing \"\(fragment)\"") { kind in
      caseName(of: kind) == caseName(of: example) && (detail(of: kind)?.contains(fragment) ?? false)
    }
  }

  private static func caseName(of kind: WeightPackError.Kind) -> String {
    String(String(describing: kind).prefix { $0 != "(" })
  }

  private static func detail(of kind: WeightPackError.Kind) -> String? {
    switch kind {
    case .invalidJSON(let detail), .invalidChunkLength(let detail),
      .decompressionFailed(let detail), .unknownFilter(let detail),
      .invalidDimension(let detail), .invalidTensorName(let detail):
      return detail
    default:
      return nil
    }
  }
}

// MARK: - The sample file

/// Why the sample file could not be made; the tests that need it report this.
struct SampleFileFailure: Error, Sendable, CustomStringConvertible {
  let description: String
}

/// A small valid file that the malformed cases break, built once per test run.
///
/// Its tensors, in file order, with 256-byte chunks:
/// - `weight`: F32 [8, 16], zlib with `rotate-left-1` and `byte-shuffle`, 2 chunks;
/// - `index`: I64 [32], zlib with `byte-shuffle`, 1 chunk;
/// - `bias`: U8 [5, 64] of random bytes, raw codec, 2 contiguous chunks (256 and 64 bytes);
/// - `zeros`: U8 [512] of zeros, zlib without filters, 2 chunks that are single streams.
///
/// `bomb` is a second file: one U8 chunk of 1 MiB of zeros, deflated at level 9.
struct SampleFile: Sendable {
  /// The sample, taken apart.
  let container: ContainerBytes
  /// The sample's validated manifest.
  let manifest: Manifest
  /// The bomb file, before its manifest is made to lie.
  let bomb: ContainerBytes
  /// The sample's tensors written again with the manifest deflated.
  let packed: ContainerBytes

  /// The sample's bytes.
  var bytes: [UInt8] { container.bytes }
  /// The offset of the sample's manifest.
  var manifestOffset: UInt64 { UInt64(container.manifestOffset) }
  /// The offset of the sample's trailer.
  var trailerOffset: UInt64 { UInt64(container.trailerOffset) }
  /// The sample's manifest CRC-32, as its trailer records it.
  var manifestCRC32: UInt32 { container.manifestCRC32 }

  /// The position of tensor `name` in the manifest.
  func tensorIndex(_ name: String) -> Int {
    manifest.tensors.firstIndex { $0.name == name } ?? -1
  }

  /// Chunk `index` of tensor `name`.
  func chunk(_ name: String, _ index: Int) -> ChunkEntry {
    manifest.tensors[tensorIndex(name)].chunks[index]
  }

  /// The sample with the manifest value at `path`, under tensor `name`, replaced.
  func editing(_ name: String, _ path: [JSONStep], _ value: JSONValue?) throws -> [UInt8] {
    try container.replacing([.key("tensors"), .index(tensorIndex(name))] + path, with: value)
  }

  /// The sample with the manifest's text transformed, and the trailer re-signed.
  func editingText(_ transform: (String) -> String) -> [UInt8] {
    let text = String(decoding: container.manifestText, as: UTF8.self)
    return container.replacingManifest(with: Array(transform(text).utf8))
  }

  /// The sample with the byte at `offset` XOR-ed with `mask`.
  func flipping(_ offset: UInt64, mask: UInt8 = 0xFF) -> [UInt8] {
    container.flipping(Int(offset), mask: mask)
  }

  /// The sample with `value` stored little-endian at `offset`.
  func storing<T: FixedWidthInteger>(_ value: T, at offset: UInt64) -> [UInt8] {
    container.storing(value, at: Int(offset))
  }

  /// The sample, made once.
  static let shared: Result<SampleFile, SampleFileFailure> = {
    do {
      return .success(try make())
    } catch {
      return .failure(SampleFileFailure(description: "cannot make the sample file: \(error)"))
    }
  }()

  private static func make() throws -> SampleFile {
    let directory = try TemporaryDirectory()
    var random = SplitMix(seed: 0x5EED)
    let tensors = [
      TestTensor(
        name: "weight", dtype: .float32, dimensions: [8, 16],
        bytes: float32Bytes((0..<128).map { Float($0 % 8) * 0.5 })),
      TestTensor(
        name: "index", dtype: .int64, dimensions: [32],
        bytes: littleEndianBytes((0..<32).map { Int64($0) - 16 })),
      TestTensor(name: "bias", dtype: .uint8, dimensions: [5, 64], bytes: random.bytes(320)),
      TestTensor(
        name: "zeros", dtype: .uint8, dimensions: [512], bytes: [UInt8](repeating: 0, count: 512)
      ),
    ]
    let written = ContainerBytes(
      bytes: try writeFile(
        tensors, to: directory.file("sample.wpk"), options: smallWriteOptions(chunkByteCount: 256))
    )
    // The writer uses one codec for all tensors; `bias` is incompressible, so its chunks are
    // stored as they are and the tensor can be declared raw.
    let sample = ContainerBytes(
      bytes: try written.replacing(["tensors", 2, "codec"], with: .string("raw")))
    let path = directory.file("sample-raw.wpk")
    try writeBytes(sample.bytes, to: path)
    let file = try WeightFile(path: path)
    guard file.verify().isSound, file.manifest.tensors.count == 4 else {
      throw SampleFileFailure(description: "the sample file does not verify")
    }
    let weight = file.manifest.tensors[0]
    guard weight.chunks.count == 2, file.manifest.tensors[3].chunks.count == 2,
      weight.chunks[0].storedByteCount < weight.chunks[0].byteCount,
      file.manifest.tensors[3].chunks.allSatisfy({ $0.storedByteCount < 100 }),
      file.manifest.tensors[2].isContiguousRaw
    else {
      throw SampleFileFailure(description: "the sample file does not have the intended layout")
    }

    var bombOptions = smallWriteOptions(chunkByteCount: 1 << 20)
    bombOptions.strategy = .level(9)
    let bomb = try writeFile(
      [
        TestTensor(
          name: "zeros", dtype: .uint8, dimensions: [1 << 20],
          bytes: [UInt8](repeating: 0, count: 1 << 20))
      ], to: directory.file("bomb.wpk"), options: bombOptions)
    var packedOptions = smallWriteOptions(chunkByteCount: 256)
    packedOptions.manifestCompressionThreshold = 0
    let packed = ContainerBytes(
      bytes: try writeFile(tensors, to: directory.file("packed.wpk"), options: packedOptions))
    guard packed.manifestStored.count < packed.manifestByteCount,
      try WeightFile(path: directory.file("packed.wpk")).verify().isSound
    else {
      throw SampleFileFailure(description: "the packed sample's manifest is not deflated")
    }
    return SampleFile(
      container: sample, manifest: file.manifest, bomb: ContainerBytes(bytes: bomb),
      packed: packed)
  }
}
