// What the reader accepts of a member before touching its data: a name that is a safe
// relative path ending in `.npy` (numpy's own rule for array members), no encryption, the
// stored or deflated method, and for a stored member equal compressed and uncompressed
// sizes. A name becomes a tensor name as in a directory of `.npy` files: without `.npy`,
// with `/` turned into `.` (`encoder/w.npy` is `encoder.w`).

extension ZIPEntry {
  /// Checks that the member can be read as a `.npy` array and returns its tensor name.
  ///
  /// - Returns: The name without `.npy`, `/` replaced by `.`.
  /// - Throws: `WeightPackError` of kind `.zipUnsafeMemberName`, `.invalidTensorName`,
  ///   `.zipMemberNotNPY`, `.zipEncryptedMember`, `.zipUnsupportedMethod` or
  ///   `.zipMemberSizeMismatch`, at the central directory entry.
  func validatedTensorName() throws -> String {
    guard String(validating: nameBytes, as: UTF8.self) != nil else {
      throw error(.invalidTensorName("member name is not valid UTF-8"))
    }
    guard Self.isSafeRelativePath(name) else { throw error(.zipUnsafeMemberName(name)) }
    guard name.hasSuffix(".npy"), name.utf8.count > 4, !name.hasSuffix("/.npy") else {
      throw error(.zipMemberNotNPY(name))
    }
    let encryption = ZIPLayout.flagEncrypted | ZIPLayout.flagStrongEncryption
    guard flags & encryption == 0 else { throw error(.zipEncryptedMember) }
    guard method == ZIPLayout.methodStored || method == ZIPLayout.methodDeflated else {
      throw error(.zipUnsupportedMethod(method))
    }
    if method == ZIPLayout.methodStored, compressedByteCount != uncompressedByteCount {
      throw error(
        .zipMemberSizeMismatch(declared: uncompressedByteCount, actual: compressedByteCount))
    }
    return NPYDirectoryListing.tensorName(forRelativePath: name)
  }

  /// Whether `name` is relative, has no empty, `.` or `..` component, and holds no `\` or
  /// NUL (a trailing `/`, marking a directory, is allowed here and refused as not `.npy`).
  static func isSafeRelativePath(_ name: String) -> Bool {
    guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0")
    else { return false }
    let path = name.hasSuffix("/") ? String(name.dropLast()) : name
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".."
    }
  }

  private func error(_ kind: WeightPackError.Kind) -> WeightPackError {
    WeightPackError(kind, offset: entryOffset)
  }
}
