// The checks a reader runs on a decoded manifest before it reads any tensor data, in the order
// of Spec/FORMAT.md, "Validation". A manifest that passes them describes chunks that lie inside
// the data region, aligned and without overlap, and decode to exactly each tensor's bytes.

extension Manifest {
  /// Checks the manifest's values against each other and against the file.
  ///
  /// - Parameters:
  ///   - dataEnd: The offset where the data region ends (the manifest's offset).
  ///   - maximumChunkByteCount: The largest decoded chunk a reader will allocate.
  /// - Throws: `WeightPackError` naming the tensor, chunk and offset at fault.
  /// - Complexity: O(*n* log *n*) in the number of chunks.
  package func validate(dataEnd: UInt64, maximumChunkByteCount: UInt64) throws {
    try validateFeatures()
    var names = Set<String>()
    var extents: [(offset: UInt64, end: UInt64, tensor: String, chunk: Int)] = []
    for tensor in tensors {
      try Self.validateName(tensor.name)
      guard names.insert(tensor.name).inserted else {
        throw WeightPackError(.duplicateTensorName(tensor.name), tensor: tensor.name)
      }
      do {
        try tensor.validateFilters()
        try tensor.validateChunks(dataEnd: dataEnd, maximumChunkByteCount: maximumChunkByteCount)
      } catch let error as WeightPackError {
        throw error.adding(tensor: tensor.name)
      }
      for (index, chunk) in tensor.chunks.enumerated() {
        extents.append((chunk.offset, chunk.end, tensor.name, index))
      }
    }
    extents.sort { $0.offset < $1.offset }
    for (previous, next) in zip(extents, extents.dropFirst()) where next.offset < previous.end {
      throw WeightPackError(
        .overlappingChunks(offset: next.offset, previousEnd: previous.end), tensor: next.tensor,
        chunk: next.chunk, offset: next.offset)
    }
  }

  /// The file must declare a version that has every feature it uses, and typed metadata
  /// keys must be unique.
  private func validateFeatures() throws {
    if let feature = requiredFeature, formatVersion < feature.version {
      throw WeightPackError(
        .featureNeedsNewerVersion(
          feature: feature.name, introducedIn: feature.version.description,
          declared: formatVersion.description))
    }
    var keys = Set<String>()
    for entry in typedMetadata where !keys.insert(entry.key).inserted {
      throw WeightPackError(.duplicateMetadataKey(entry.key))
    }
  }

  /// Checks that a tensor name is 1 to 4096 UTF-8 bytes with no control characters.
  package static func validateName(_ name: String) throws {
    guard !name.isEmpty else { throw WeightPackError(.invalidTensorName("the name is empty")) }
    let byteCount = name.utf8.count
    guard byteCount <= 4096 else {
      throw WeightPackError(.invalidTensorName("\(byteCount) bytes long, limit is 4096"))
    }
    if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
      throw WeightPackError(.invalidTensorName("'\(escaped(name))' contains a control character"))
    }
  }
}

extension TensorEntry {
  /// The filters must be a valid sequence for the dtype and codec.
  fileprivate func validateFilters() throws {
    let width = dtype.unitByteCount
    if codec == .raw && !filters.isEmpty {
      throw WeightPackError(.unknownFilter("the raw codec takes no filters"))
    }
    if dtype.isBlock {
      guard filters.isEmpty || filters == [.blockSplit] else {
        let list = filters.map(\.rawValue).joined(separator: ", ")
        throw WeightPackError(
          .unknownFilter("\(dtype.rawValue) blocks take [] or [block-split], not [\(list)]"))
      }
      return
    }
    if filters.contains(.blockSplit) {
      throw WeightPackError(
        .unknownFilter("block-split applies to block dtypes only, not \(dtype.rawValue)"))
    }
    let allowed: [[Filter]] = [[], [.byteShuffle], [.rotateLeft1], [.rotateLeft1, .byteShuffle]]
    guard allowed.contains(filters) else {
      let list = filters.map(\.rawValue).joined(separator: ", ")
      throw WeightPackError(.unknownFilter("the sequence [\(list)] is not allowed"))
    }
    if !filters.isEmpty && (width < 2 || dtype.traits.elementsPerBlock != 1) {
      throw WeightPackError(.unknownFilter("\(dtype.rawValue) elements cannot be filtered"))
    }
  }

  /// Each chunk's lengths must follow its codec and the chunks must add up to the tensor.
  fileprivate func validateChunks(dataEnd: UInt64, maximumChunkByteCount: UInt64) throws {
    let unit = UInt64(dtype.unitByteCount)
    let codec = ChunkCodec(dtype: dtype, codec: codec, filters: filters)
    var total: UInt64 = 0
    for (index, chunk) in chunks.enumerated() {
      do {
        try validate(
          chunk, unit: unit, codec: codec, dataEnd: dataEnd,
          maximumChunkByteCount: maximumChunkByteCount)
      } catch let error as WeightPackError {
        throw error.adding(tensor: name, chunk: index).adding(offset: chunk.offset)
      }
      let (sum, overflow) = total.addingReportingOverflow(chunk.byteCount)
      guard !overflow else { throw WeightPackError(.sizeOverflow, chunk: index) }
      total = sum
    }
    guard total == byteCount else {
      throw WeightPackError(.chunkSumMismatch(expected: byteCount, actual: total))
    }
  }

  private func validate(
    _ chunk: ChunkEntry,
    unit: UInt64,
    codec: ChunkCodec,
    dataEnd: UInt64,
    maximumChunkByteCount: UInt64
  ) throws {
    guard chunk.offset % Layout.alignment == 0 else {
      throw WeightPackError(.misalignedChunk(offset: chunk.offset, alignment: Layout.alignment))
    }
    let (end, overflow) = chunk.offset.addingReportingOverflow(chunk.storedByteCount)
    guard !overflow, chunk.offset >= Layout.dataOffset, end <= dataEnd else {
      throw WeightPackError(
        .chunkOutOfBounds(offset: chunk.offset, end: overflow ? .max : end, dataEnd: dataEnd))
    }
    guard chunk.byteCount > 0, chunk.byteCount % unit == 0 else {
      throw WeightPackError(
        .invalidChunkLength(
          "decoded length \(chunk.byteCount) is not a positive multiple of \(unit)"))
    }
    guard chunk.byteCount <= maximumChunkByteCount else {
      throw WeightPackError(
        .chunkTooLarge(byteCount: chunk.byteCount, limit: maximumChunkByteCount))
    }
    guard chunk.storedByteCount > 0, chunk.storedByteCount <= chunk.byteCount else {
      throw WeightPackError(
        .invalidChunkLength(
          "stored length \(chunk.storedByteCount) must be 1 to \(chunk.byteCount)"))
    }
    if self.codec == .raw && chunk.storedByteCount != chunk.byteCount {
      throw WeightPackError(
        .invalidChunkLength(
          "a raw chunk stores \(chunk.byteCount) bytes, not \(chunk.storedByteCount)"))
    }
    try validatePlanes(of: chunk, unit: unit, codec: codec)
  }

  private func validatePlanes(of chunk: ChunkEntry, unit: UInt64, codec: ChunkCodec) throws {
    guard codec.usesPlanes else {
      if chunk.planeByteCounts != nil {
        throw WeightPackError(.invalidChunkLength("'planes' given for a chunk without planes"))
      }
      return
    }
    guard let byteCount = Int(exactly: chunk.byteCount) else {
      throw WeightPackError(.sizeOverflow)
    }
    let sections = codec.sectionByteCounts(forByteCount: byteCount) ?? []
    guard let planes = chunk.planeByteCounts, planes.count == sections.count else {
      throw WeightPackError(
        .invalidChunkLength("'planes' must list \(sections.count) plane lengths"))
    }
    var sum: UInt64 = 0
    for (plane, sectionByteCount) in zip(planes, sections) {
      guard plane > 0, plane <= UInt64(sectionByteCount) else {
        throw WeightPackError(
          .invalidChunkLength("a plane stores \(plane) bytes, must be 1 to \(sectionByteCount)"))
      }
      sum += plane
    }
    guard sum == chunk.storedByteCount else {
      throw WeightPackError(
        .invalidChunkLength("planes sum to \(sum), stored length is \(chunk.storedByteCount)"))
    }
  }
}

/// `name` with control characters shown as `\u{..}`, for messages.
func escaped(_ name: String) -> String {
  name.unicodeScalars.map { scalar in
    scalar.value < 0x20 || scalar.value == 0x7F
      ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
  }.joined()
}
