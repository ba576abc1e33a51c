/// The element type of a tensor, spelled in files as its `rawValue` (`"F32"`, `"BF16"`, ...).
///
/// Everything the rest of WeightPack needs to know about a dtype (its byte layout, whether
/// it is a float, which filters suit it) is derived from `traits`, so adding a type means
/// adding a case and its row there.
public enum DType: String, Sendable, CaseIterable, Hashable {
  /// IEEE 754 binary64.
  case float64 = "F64"
  /// IEEE 754 binary32.
  case float32 = "F32"
  /// IEEE 754 binary16.
  case float16 = "F16"
  /// bfloat16: the top 16 bits of a binary32.
  case bfloat16 = "BF16"
  /// 8-bit float with 4 exponent and 3 mantissa bits, no infinities (OCP FP8 E4M3FN).
  case float8E4M3 = "F8_E4M3"
  /// 8-bit float with 5 exponent and 2 mantissa bits (OCP FP8 E5M2).
  case float8E5M2 = "F8_E5M2"
  /// Two's-complement 64-bit integer.
  case int64 = "I64"
  /// Two's-complement 32-bit integer.
  case int32 = "I32"
  /// Two's-complement 16-bit integer.
  case int16 = "I16"
  /// Two's-complement 8-bit integer.
  case int8 = "I8"
  /// Unsigned 64-bit integer.
  case uint64 = "U64"
  /// Unsigned 32-bit integer.
  case uint32 = "U32"
  /// Unsigned 16-bit integer.
  case uint16 = "U16"
  /// Unsigned 8-bit integer.
  case uint8 = "U8"
  /// One byte per element, 0 for false and 1 for true.
  case bool = "BOOL"
  /// GGUF's Q8_0 blocks: 32 elements in 34 bytes, a binary16 scale `d` then 32 int8 codes;
  /// element `j` is `d * q[j]`.
  case q8Zero = "Q8_0"
  /// GGUF's Q4_0 blocks: 32 elements in 18 bytes, a binary16 scale `d` then 16 bytes of
  /// 4-bit codes; byte `j` holds element `j` in its low nibble and element `j + 16` in its
  /// high nibble, and element `i` is `d * (q[i] - 8)`.
  case q4Zero = "Q4_0"

  /// What kind of number a dtype holds.
  public enum Kind: Sendable {
    /// An IEEE-style binary floating-point number.
    case floatingPoint
    /// A two's-complement integer.
    case signedInteger
    /// An unsigned integer.
    case unsignedInteger
    /// A Boolean stored in one byte.
    case boolean
    /// Blocks of integer codes sharing a binary16 scale (GGUF's Q8_0, Q4_0).
    case blockQuantized
  }

  /// The byte layout of a dtype.
  public struct Traits: Sendable {
    /// What the elements are.
    public var kind: Kind
    /// How many elements one block holds; 1 for all plain (non-block) types.
    public var elementsPerBlock: Int
    /// How many bytes one block takes, little-endian.
    public var bytesPerBlock: Int
    /// How many bytes at the start of each block hold its scale; 0 for plain types.
    public var scaleByteCount = 0
    /// The first format version that has this dtype.
    public var introducedIn = FormatVersion.original
  }

  /// The byte layout of this dtype.
  public var traits: Traits {
    switch self {
    case .float64: return Traits(kind: .floatingPoint, elementsPerBlock: 1, bytesPerBlock: 8)
    case .float32: return Traits(kind: .floatingPoint, elementsPerBlock: 1, bytesPerBlock: 4)
    case .float16: return Traits(kind: .floatingPoint, elementsPerBlock: 1, bytesPerBlock: 2)
    case .bfloat16: return Traits(kind: .floatingPoint, elementsPerBlock: 1, bytesPerBlock: 2)
    case .float8E4M3, .float8E5M2:
      return Traits(
        kind: .floatingPoint, elementsPerBlock: 1, bytesPerBlock: 1,
        introducedIn: .withBlockTypes)
    case .int64: return Traits(kind: .signedInteger, elementsPerBlock: 1, bytesPerBlock: 8)
    case .int32: return Traits(kind: .signedInteger, elementsPerBlock: 1, bytesPerBlock: 4)
    case .int16: return Traits(kind: .signedInteger, elementsPerBlock: 1, bytesPerBlock: 2)
    case .int8: return Traits(kind: .signedInteger, elementsPerBlock: 1, bytesPerBlock: 1)
    case .uint64: return Traits(kind: .unsignedInteger, elementsPerBlock: 1, bytesPerBlock: 8)
    case .uint32: return Traits(kind: .unsignedInteger, elementsPerBlock: 1, bytesPerBlock: 4)
    case .uint16: return Traits(kind: .unsignedInteger, elementsPerBlock: 1, bytesPerBlock: 2)
    case .uint8: return Traits(kind: .unsignedInteger, elementsPerBlock: 1, bytesPerBlock: 1)
    case .bool: return Traits(kind: .boolean, elementsPerBlock: 1, bytesPerBlock: 1)
    case .q8Zero:
      return Traits(
        kind: .blockQuantized, elementsPerBlock: 32, bytesPerBlock: 34, scaleByteCount: 2,
        introducedIn: .withBlockTypes)
    case .q4Zero:
      return Traits(
        kind: .blockQuantized, elementsPerBlock: 32, bytesPerBlock: 18, scaleByteCount: 2,
        introducedIn: .withBlockTypes)
    }
  }

  /// Whether the elements are floating-point numbers.
  public var isFloatingPoint: Bool { traits.kind == .floatingPoint }

  /// Whether the dtype stores blocks of elements rather than single elements.
  public var isBlock: Bool { traits.elementsPerBlock > 1 }

  /// The size of the unit that chunks never split: one element, or one block.
  public var unitByteCount: Int { traits.bytesPerBlock }

  /// The filters the zlib codec applies to this dtype before deflate, in order.
  ///
  /// Floats get `rotate-left-1` then `byte-shuffle`; multi-byte integers `byte-shuffle`;
  /// block types `block-split`; one-byte types none (see Spec/FORMAT.md, "Codecs and
  /// filters").
  public var defaultFilters: [Filter] {
    let width = traits.bytesPerBlock
    if isBlock { return [.blockSplit] }
    guard width > 1 else { return [] }
    return isFloatingPoint ? [.rotateLeft1, .byteShuffle] : [.byteShuffle]
  }

  /// The number of bytes that `elementCount` elements take.
  ///
  /// - Returns: The byte count, or `nil` if it overflows or `elementCount` is not a whole
  ///   number of blocks.
  public func byteCount(forElementCount elementCount: UInt64) -> UInt64? {
    let perBlock = UInt64(traits.elementsPerBlock)
    guard elementCount % perBlock == 0 else { return nil }
    let (bytes, overflow) = (elementCount / perBlock).multipliedReportingOverflow(
      by: UInt64(traits.bytesPerBlock))
    return overflow ? nil : bytes
  }

  /// The number of bytes a tensor of `shape` takes.
  ///
  /// Blocks never span rows: for a block type the innermost (last) dimension must be a
  /// multiple of the block's element count, and a scalar cannot be stored.
  ///
  /// - Returns: The byte count, or `nil` if it overflows or the shape does not fit whole
  ///   blocks.
  public func byteCount(for shape: Shape) -> UInt64? {
    if isBlock {
      guard let last = shape.dimensions.last,
        last % UInt64(traits.elementsPerBlock) == 0
      else { return nil }
    }
    return byteCount(forElementCount: shape.elementCount)
  }
}
