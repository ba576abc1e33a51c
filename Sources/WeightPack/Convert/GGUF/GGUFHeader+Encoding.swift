// Writing a GGUF version 3 header: the same layout `GGUFHeader.read` accepts, as gguf-py's
// `GGUFWriter` writes it. Tensor offsets are the running sum of each tensor's size padded to
// the alignment, so the data is contiguous in tensor order.

extension GGUFHeader {
  /// The version written.
  static let writtenVersion: UInt32 = 3

  /// The header's bytes, up to and including the padding before the data.
  ///
  /// - Parameters:
  ///   - metadata: The key-value pairs, in order; keys unique.
  ///   - tensors: Each tensor's descriptor, ggml type number and offset in the data.
  ///   - alignment: The data alignment in bytes, a power of two.
  /// - Returns: The magic, version, counts, metadata and tensor infos, padded with zeros to
  ///   a multiple of `alignment`.
  static func encoded(
    metadata: [TypedMetadataEntry],
    tensors: [(descriptor: TensorDescriptor, typeNumber: UInt32, offset: UInt64)],
    alignment: UInt64
  ) -> [UInt8] {
    var writer = ByteWriter()
    writer.append(magic)
    writer.append(writtenVersion)
    writer.append(UInt64(tensors.count))
    writer.append(UInt64(metadata.count))
    for entry in metadata {
      appendString(entry.key, to: &writer)
      writer.append(GGUFValueType.number(for: entry.value.type))
      append(entry.value, to: &writer)
    }
    for tensor in tensors {
      appendString(tensor.descriptor.name, to: &writer)
      let dimensions = tensor.descriptor.shape.dimensions
      writer.append(UInt32(dimensions.count))
      for dimension in dimensions.reversed() { writer.append(dimension) }
      writer.append(tensor.typeNumber)
      writer.append(tensor.offset)
    }
    let length = UInt64(writer.bytes.count)
    writer.appendZeros(Int((alignment - length % alignment) % alignment))
    return writer.bytes
  }

  private static func appendString(_ text: String, to writer: inout ByteWriter) {
    writer.append(UInt64(text.utf8.count))
    writer.append(Array(text.utf8))
  }

  /// Appends a value without its type; an array as element type, count and elements.
  private static func append(_ value: MetadataValue, to writer: inout ByteWriter) {
    switch value {
    case .uint8(let number): writer.append(number)
    case .int8(let number): writer.append(number)
    case .uint16(let number): writer.append(number)
    case .int16(let number): writer.append(number)
    case .uint32(let number): writer.append(number)
    case .int32(let number): writer.append(number)
    case .uint64(let number): writer.append(number)
    case .int64(let number): writer.append(number)
    case .float32(let number): writer.append(number.bitPattern)
    case .float64(let number): writer.append(number.bitPattern)
    case .bool(let flag): writer.append(UInt8(flag ? 1 : 0))
    case .string(let text): appendString(text, to: &writer)
    case .array(let elementType, let elements):
      writer.append(GGUFValueType.number(for: elementType))
      writer.append(UInt64(elements.count))
      for element in elements { append(element, to: &writer) }
    }
  }
}
