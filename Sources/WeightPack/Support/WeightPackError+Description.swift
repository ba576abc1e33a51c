import Foundation

// All wording of WeightPack's errors lives here, so messages stay consistent: the context
// first (`file: tensor 'name' chunk 3 at byte 4096`), then a lowercase reason with the values
// that show the problem, and no final period.

extension WeightPackError: CustomStringConvertible {
  /// The one-line message: `<path>: tensor '<name>' chunk <n> at byte <offset>: <reason>`.
  ///
  /// Parts that are unknown are left out.
  public var description: String {
    var context: [String] = []
    if let tensor { context.append("tensor '\(escaped(tensor))'") }
    if let chunk { context.append("chunk \(chunk)") }
    if let offset { context.append("at byte \(offset)") }
    var message = kind.reason
    if let underlying { message += " (\(underlying))" }
    let location = context.joined(separator: " ")
    let line: String
    switch (path, location.isEmpty) {
    case (let path?, true): line = "\(path): \(message)"
    case (let path?, false): line = "\(path): \(location): \(message)"
    case (nil, true): line = message
    case (nil, false): line = "\(location): \(message)"
    }
    return Self.oneLine(line)
  }

  /// The longest message, in characters; beyond it the text is cut and ends in "...".
  static let maximumDescriptionLength = 1000

  /// `text` with control characters escaped (`\u{a}`), so that names, keys and dtypes read
  /// from a hostile file can neither break the message across lines nor drive a terminal,
  /// and cut to `maximumDescriptionLength`.
  static func oneLine(_ text: String) -> String {
    let safe = escaped(text)
    guard safe.count > maximumDescriptionLength else { return safe }
    return String(safe.prefix(maximumDescriptionLength - 3)) + "..."
  }
}

extension WeightPackError.Kind {
  /// The reason as a lowercase fragment, without context.
  public var reason: String {
    switch self {
    case .fileNotFound: return "no such file or directory"
    case .outputExists: return "output already exists (use --force to replace it)"
    case .systemCallFailed(let call, let code): return "\(call) failed: \(systemMessage(code))"
    case .unknownFormat(let detail): return "cannot tell the format: \(detail)"
    case .unsupportedDirection(let format, let direction):
      return "format '\(format)' cannot be used for \(direction)"
    case .tensorCountUnsupported(let format, let count):
      return "format '\(format)' holds exactly one tensor, the input has \(count)"
        + (count > 1 ? " (convert to a directory of .npy files instead)" : "")
    case .truncated(let needed, let available):
      return "file is truncated: needed \(needed) bytes, \(available) available"
    case .badMagic(let found): return "not a WeightPack file: magic is \(hex(found))"
    case .badEndMagic(let found): return "trailer end magic is \(hex(found)), file is damaged"
    case .unsupportedVersion(let found, let newest):
      return "format version \(found) is not supported (newest supported is \(newest))"
    case .versionMismatch(let preamble, let manifest):
      return "preamble says version \(preamble) but manifest says \(manifest)"
    case .nonZeroReserved(let field, let value):
      return "reserved field '\(field)' is \(hex64(value)), must be zero"
    case .manifestTooLarge(let byteCount, let limit):
      return "manifest is \(byteCount) bytes, limit is \(limit) (--max-manifest-bytes)"
    case .manifestOutOfBounds(let offset, let byteCount, let fileSize):
      return "manifest at \(offset) with \(byteCount) bytes does not fit a \(fileSize)-byte file"
    case .manifestLengthMismatch(let stored, let decoded):
      return "manifest stores \(stored) bytes for \(decoded) decoded, "
        + "a stored manifest is never longer than its text"
    case .manifestDecompressionFailed(let detail):
      return "manifest's zlib stream is damaged: \(detail)"
    case .manifestChecksumMismatch(let expected, let actual):
      return "manifest checksum mismatch (expected \(hex32(expected)), got \(hex32(actual)))"
    case .invalidUTF8: return "manifest is not valid UTF-8"
    case .invalidJSON(let detail): return "invalid JSON: \(detail)"
    case .schemaViolation(let field, let expected): return "'\(field)' must be \(expected)"
    case .featureNeedsNewerVersion(let feature, let introducedIn, let declared):
      return "\(feature) needs format version \(introducedIn), the file declares \(declared)"
    case .duplicateMetadataKey(let key): return "metadata key '\(key)' appears more than once"
    case .invalidMetadataValue(let key, let value, let expected):
      return "metadata '\(key)' is \(value), must be \(expected)"
    case .duplicateTensorName(let name): return "tensor name '\(name)' appears more than once"
    case .invalidTensorName(let detail): return "invalid tensor name: \(detail)"
    case .unknownDType(let name): return "unknown dtype '\(name)'"
    case .unknownCodec(let name): return "unknown codec '\(name)'"
    case .unknownFilter(let detail): return "unknown or unusable filter: \(detail)"
    case .invalidDimension(let detail): return "invalid dimension: \(detail)"
    case .rankTooLarge(let rank, let limit):
      return "shape has \(rank) dimensions, limit is \(limit)"
    case .sizeOverflow: return "element count or byte size overflows 64 bits"
    case .chunkSumMismatch(let expected, let actual):
      return "chunks decode to \(actual) bytes, shape and dtype need \(expected)"
    case .misalignedChunk(let offset, let alignment):
      return "chunk offset \(offset) is not a multiple of \(alignment)"
    case .chunkOutOfBounds(let offset, let end, let dataEnd):
      return "chunk spans bytes \(offset)..<\(end), outside the data region ending at \(dataEnd)"
    case .overlappingChunks(let offset, let previousEnd):
      return "chunk at \(offset) overlaps the previous chunk, which ends at \(previousEnd)"
    case .invalidChunkLength(let detail): return "invalid chunk length: \(detail)"
    case .chunkTooLarge(let byteCount, let limit):
      return "chunk decodes to \(byteCount) bytes, limit is \(limit) (--max-chunk-bytes)"
    case .nonZeroPadding(let offset): return "padding byte at \(offset) is not zero"
    case .decompressionFailed(let detail): return "zlib stream is damaged: \(detail)"
    case .checksumMismatch(let expected, let actual):
      return "checksum mismatch (expected \(hex32(expected)), got \(hex32(actual)))"
    case .tensorNotFound(let name): return "no tensor named '\(name)'"
    case .chunkIndexOutOfRange(let index, let count):
      return "chunk index \(index) is out of range (the tensor has \(count) chunks)"
    case .writerMisuse(let detail): return "writer misuse: \(detail)"
    case .byteCountMismatch(let expected, let actual):
      return "tensor received \(actual) bytes, its shape and dtype need \(expected)"
    case .invalidOption(let name, let reason): return "invalid \(name): \(reason)"
    case .malformedHeader(let format, let reason): return "malformed \(format) header: \(reason)"
    case .unsupportedShape(let format, let shape, let reason):
      return "shape \(shape) cannot be stored in \(format): \(reason)"
    case .unsupportedDType(let format, let dtype):
      return "dtype \(dtype) cannot be stored in \(format)"
    case .unsafeName(let name): return "tensor name '\(name)' cannot be used as a file name"
    case .malformedCSV(let line, let column, let reason):
      return "line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(reason)"
    case .unsafeShardPath(let shard):
      return "shard path '\(escaped(shard))' must be relative and stay inside the index's directory"
    case .malformedGGUF(let defect): return "malformed GGUF file: \(defect.reason)"
    default: return zipReason
    }
  }

  /// The reasons of the ZIP (`.npz`) kinds.
  private var zipReason: String {
    switch self {
    case .zipEndRecordMissing(let searched):
      return "no ZIP end of central directory record in the last \(searched) bytes "
        + "(not a .npz archive, or truncated)"
    case .zipCommentLengthMismatch(let declared, let actual):
      return "ZIP end record declares a \(declared)-byte comment, \(actual) bytes follow it"
    case .zipBadSignature(let record, let found, let expected):
      return "\(record) signature is \(hex32(found)), expected \(hex32(expected))"
    case .zipOutOfBounds(let structure, let offset, let byteCount, let limit):
      return "\(structure) at byte \(offset) with \(byteCount) bytes runs past byte \(limit)"
    case .zipEntryCountMismatch(let declared, let actual):
      return "ZIP end record declares \(declared) members, the central directory holds \(actual)"
    case .zipMultipleDisks(let disk):
      return "archives split across disks are not supported (disk number \(disk))"
    case .zipMissingZIP64Field(let field):
      return "the \(field) is deferred to a ZIP64 extra field that does not hold it"
    case .zipHeaderMismatch(let field, let central, let local):
      return "local header's \(field) is \(local), the central directory says \(central)"
    case .zipMembersOverlap(let offset, let previousEnd):
      return "member at \(offset) overlaps the previous member, which ends at \(previousEnd)"
    case .zipEncryptedMember: return "member is encrypted, which is not supported"
    case .zipUnsupportedMethod(let method):
      return "compression method \(method)\(zipMethodName(method)) is not supported "
        + "(only 0, stored, and 8, deflated)"
    case .zipUnsafeMemberName(let name):
      return "member name '\(escaped(name))' is not a safe relative path"
    case .zipMemberNotNPY(let name):
      return "member '\(escaped(name))' is not a .npy array (its name does not end in .npy)"
    case .zipMemberSizeMismatch(let declared, let actual):
      return "member holds \(actual) bytes, the archive declares \(declared)"
    case .zipMemberTooLong(let declared):
      return "member inflates to more than its declared \(declared) bytes (deflate bomb?)"
    case .zipCompressedSizeMismatch(let declared, let used?):
      return "deflate stream ends after \(used) of the member's \(declared) compressed bytes"
    case .zipCompressedSizeMismatch(let declared, nil):
      return "deflate stream runs past the member's \(declared) compressed bytes"
    default:
      return "unexpected error"
    }
  }
}

extension GGUFDefect {
  /// The defect as a lowercase fragment, without context.
  public var reason: String {
    switch self {
    case .badMagic(let found): return "magic is \(hex(found)), expected 0x47475546 (\"GGUF\")"
    case .byteSwappedVersion(let version):
      return "version field is \(hex32(version)), a byte-swapped version: "
        + "big-endian GGUF files are not supported"
    case .tooManyArrayElements(let count, let limit):
      return "metadata arrays hold \(count) elements in all, limit is \(limit)"
    case .countTooLarge(let subject, let count, let limit):
      return "\(subject) is \(count), but the bytes left hold at most \(limit)"
    case .invalidValueType(let number): return "value type \(number) is not a GGUF type (0-12)"
    case .nestingTooDeep(let limit): return "arrays nest deeper than \(limit) levels"
    case .duplicateKey(let key): return "metadata key '\(key)' appears more than once"
    case .invalidUTF8(let subject): return "\(subject) is not valid UTF-8"
    case .invalidBool(let byte): return "a bool is \(byte), must be 0 or 1"
    case .badAlignment(let value):
      return "general.alignment is \(value), must be a u32 power of two"
    case .nameTooLong(let byteCount, let limit):
      return "tensor name is \(byteCount) bytes, limit is \(limit)"
    case .negativeDimension(let value):
      return "dimension \(Int64(truncatingIfNeeded: value)) is negative"
    case .unknownTensorType(let number): return "tensor type \(number) is not a ggml type"
    case .unsupportedTensorType(let name):
      return "tensor type \(name) is not supported (supported: F32, F16, BF16, F64, I8, I16, "
        + "I32, I64, Q8_0, Q4_0)"
    case .rowNotWholeBlocks(let type, let rowLength, let blockLength):
      return "\(type) row length ne[0] = \(rowLength) is not a multiple of \(blockLength)"
    case .misalignedTensor(let offset, let alignment):
      return "tensor offset \(offset) is not a multiple of the alignment \(alignment)"
    case .tensorOutOfBounds(let start, let end, let fileSize):
      return "tensor data spans bytes \(start)..<\(end), past the end of the \(fileSize)-byte file"
    case .overlappingTensors(let start, let previousEnd):
      return "tensor data at \(start) overlaps the previous tensor, which ends at \(previousEnd)"
    case .headerTooLarge(let limit):
      return "header is longer than \(limit) bytes (--max-manifest-bytes)"
    }
  }
}

private func hex(_ bytes: [UInt8]) -> String {
  "0x"
    + bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

private func hex32(_ value: UInt32) -> String {
  let digits = String(value, radix: 16)
  return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}

private func hex64(_ value: UInt64) -> String {
  "0x" + String(value, radix: 16)
}

private func zipMethodName(_ method: UInt16) -> String {
  let names: [UInt16: String] = [
    1: "shrunk", 6: "imploded", 9: "deflate64", 12: "bzip2", 14: "lzma", 93: "zstandard",
    95: "xz", 98: "ppmd", 99: "AES-encrypted",
  ]
  return names[method].map { " (\($0))" } ?? ""
}

private func systemMessage(_ code: Int32) -> String {
  String(cString: strerror(code))
}
