extension WeightPackError {
  /// The facts WeightPack reports.
  ///
  /// Each case carries the values that show the problem; the wording is in
  /// `WeightPackError+Description.swift`.
  public enum Kind: Sendable, Equatable {
    // MARK: - Files and the system

    /// A file or directory does not exist.
    case fileNotFound
    /// The output exists and replacing it was not allowed.
    case outputExists
    /// A system call failed; `call` names it and `code` is `errno`.
    case systemCallFailed(call: String, code: Int32)
    /// The input's format could not be recognised from its name or contents.
    case unknownFormat(String)
    /// A format can be read but not written, or the other way round.
    case unsupportedDirection(format: String, direction: String)
    /// The input holds a number of tensors the output format cannot hold.
    case tensorCountUnsupported(format: String, count: Int)

    // MARK: - Container structure

    /// The file ends before a structure it needs: `needed` bytes, `available` left.
    case truncated(needed: UInt64, available: UInt64)
    /// The first bytes are not the magic number.
    case badMagic(found: [UInt8])
    /// The last bytes are not the trailer's end magic.
    case badEndMagic(found: [UInt8])
    /// The major format version is newer (or other) than this reader knows.
    case unsupportedVersion(found: String, newest: String)
    /// The preamble's version and the manifest's `format_version` disagree.
    case versionMismatch(preamble: String, manifest: String)
    /// A reserved field or padding byte that must be zero is not.
    case nonZeroReserved(field: String, value: UInt64)
    /// The manifest is larger than `ReadOptions.maximumManifestByteCount`.
    case manifestTooLarge(byteCount: UInt64, limit: UInt64)
    /// The trailer points outside the file or at the wrong place.
    case manifestOutOfBounds(offset: UInt64, byteCount: UInt64, fileSize: UInt64)
    /// The trailer declares a stored manifest longer than its decoded text.
    case manifestLengthMismatch(stored: UInt64, decoded: UInt64)
    /// The manifest's zlib stream is damaged or does not decode to the declared length.
    case manifestDecompressionFailed(String)
    /// The manifest's CRC-32 does not match the trailer.
    case manifestChecksumMismatch(expected: UInt32, actual: UInt32)
    /// The manifest is not valid UTF-8.
    case invalidUTF8
    /// The manifest or a header is not valid JSON.
    case invalidJSON(String)
    /// The manifest does not follow the schema: `field` is missing or has the wrong type.
    case schemaViolation(field: String, expected: String)
    /// The file uses a feature (a dtype, filter or manifest key) newer than the version it
    /// declares.
    case featureNeedsNewerVersion(feature: String, introducedIn: String, declared: String)
    /// A typed metadata key appears more than once.
    case duplicateMetadataKey(String)
    /// A metadata value cannot be written as the output format needs it.
    case invalidMetadataValue(key: String, value: String, expected: String)

    // MARK: - Tensors and chunks

    /// Two tensors share a name.
    case duplicateTensorName(String)
    /// A tensor name is empty, too long, or contains control characters.
    case invalidTensorName(String)
    /// A dtype name is not in the catalogue.
    case unknownDType(String)
    /// A codec name is not known to this reader.
    case unknownCodec(String)
    /// A filter name is not known to this reader, or is not valid for the dtype.
    case unknownFilter(String)
    /// A dimension is negative or not an integer.
    case invalidDimension(String)
    /// A shape has more dimensions than `ReadOptions.maximumRank`.
    case rankTooLarge(rank: Int, limit: Int)
    /// An element count or byte size does not fit in 64 bits.
    case sizeOverflow
    /// A tensor's chunks decode to a total that is not its byte count.
    case chunkSumMismatch(expected: UInt64, actual: UInt64)
    /// A chunk's offset is not a multiple of the alignment.
    case misalignedChunk(offset: UInt64, alignment: UInt64)
    /// A chunk lies (partly) outside the data region.
    case chunkOutOfBounds(offset: UInt64, end: UInt64, dataEnd: UInt64)
    /// A chunk overlaps the chunk before it in file order.
    case overlappingChunks(offset: UInt64, previousEnd: UInt64)
    /// A chunk's stored or decoded length breaks a rule of its codec.
    case invalidChunkLength(String)
    /// A chunk is larger than `ReadOptions.maximumChunkByteCount`.
    case chunkTooLarge(byteCount: UInt64, limit: UInt64)
    /// A padding byte between structures is not zero.
    case nonZeroPadding(offset: UInt64)
    /// A zlib stream is damaged or does not decode to the recorded length.
    case decompressionFailed(String)
    /// The CRC-32 of a chunk's decoded bytes does not match the manifest.
    case checksumMismatch(expected: UInt32, actual: UInt32)
    /// No tensor has the requested name.
    case tensorNotFound(String)
    /// A chunk index outside the tensor's chunk list was requested.
    case chunkIndexOutOfRange(index: Int, count: Int)

    // MARK: - Writing

    /// The writer was used out of order (for example, `append` with no tensor begun).
    case writerMisuse(String)
    /// The bytes appended to a tensor do not add up to its shape.
    case byteCountMismatch(expected: UInt64, actual: UInt64)
    /// An option has a value outside its permitted range.
    case invalidOption(name: String, reason: String)

    // MARK: - Other formats

    /// A header of another format (npy, ...) is malformed; `reason` says how.
    case malformedHeader(format: String, reason: String)
    /// The tensor's shape cannot be stored in the output format.
    case unsupportedShape(format: String, shape: String, reason: String)
    /// The input's dtype has no equivalent in the output format.
    case unsupportedDType(format: String, dtype: String)
    /// A tensor name cannot become a file name.
    case unsafeName(String)
    /// A CSV record or field is malformed: at 1-based `line` (and `column`, if one applies).
    case malformedCSV(line: Int, column: Int?, reason: String)
    /// An index names a shard by an absolute path, or one that climbs out with `..`.
    case unsafeShardPath(String)
    /// A GGUF file breaks a rule of its format; the defect says which.
    case malformedGGUF(GGUFDefect)

    // MARK: - ZIP archives (.npz)

    /// No end of central directory record lies in the last `searchedByteCount` bytes.
    case zipEndRecordMissing(searchedByteCount: UInt64)
    /// The end record's comment length disagrees with the bytes that follow the record.
    case zipCommentLengthMismatch(declared: UInt64, actual: UInt64)
    /// A ZIP record does not start with its signature.
    case zipBadSignature(record: String, found: UInt32, expected: UInt32)
    /// A ZIP structure (`central directory`, `member data`, ...) spans `offset` to
    /// `offset + byteCount`, beyond `limit`, the offset where it must end.
    case zipOutOfBounds(structure: String, offset: UInt64, byteCount: UInt64, limit: UInt64)
    /// The end record's member count disagrees with the central directory.
    case zipEntryCountMismatch(declared: UInt64, actual: UInt64)
    /// The archive is split across disks (`disk` is the number found).
    case zipMultipleDisks(disk: UInt64)
    /// A field deferred to the ZIP64 extra field (`0xFFFFFFFF`) is missing from it.
    case zipMissingZIP64Field(field: String)
    /// A member's local header and its central directory entry disagree on `field`.
    case zipHeaderMismatch(field: String, central: String, local: String)
    /// A member starts before the previous member's data ends.
    case zipMembersOverlap(offset: UInt64, previousEnd: UInt64)
    /// A member is encrypted (general-purpose flag bit 0 or 6).
    case zipEncryptedMember
    /// A member uses a compression method other than 0 (stored) and 8 (deflated).
    case zipUnsupportedMethod(UInt16)
    /// A member name is absolute, has an empty, `.` or `..` component, or holds `\` or NUL.
    case zipUnsafeMemberName(String)
    /// A member name does not end in `.npy`.
    case zipMemberNotNPY(String)
    /// A member's bytes do not add up to the uncompressed size the archive declares.
    case zipMemberSizeMismatch(declared: UInt64, actual: UInt64)
    /// A member inflates to more than its declared uncompressed size (a deflate bomb).
    case zipMemberTooLong(declared: UInt64)
    /// A member's deflate stream ends after `used` of its `declared` compressed bytes, or
    /// (`used` nil) needs more bytes than declared.
    case zipCompressedSizeMismatch(declared: UInt64, used: UInt64?)
  }
}
