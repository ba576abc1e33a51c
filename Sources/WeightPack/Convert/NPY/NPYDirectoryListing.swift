import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// The rules for reading a directory of `.npy` files:
//
// - The tree is walked recursively; names starting with `.` (hidden files and directories,
//   which the writer never produces) are skipped, as is every file not ending in `.npy`.
// - Symbolic links to directories are not followed, so a link cannot make the walk loop.
//   A link named `*.npy` is read only if it resolves to a regular file inside the directory;
//   a link that leaves the directory is refused, so a shared folder cannot point the reader
//   at files elsewhere on the machine.
// - Files are taken in byte order of their relative paths; a tensor's name is that path
//   without `.npy`, with `/` turned into `.` (`encoder/layer0/w.npy` is `encoder.layer0.w`).
//   Two files mapping to the same name (`a/b.npy` and `a.b.npy`) are refused.

/// The `.npy` files of a directory tree and the tensor names they map to.
enum NPYDirectoryListing {
  /// One `.npy` file of the tree.
  struct Entry: Equatable {
    /// The path relative to the root, with `/` between components.
    var relativePath: String
    /// The tensor name: `relativePath` without `.npy`, `/` replaced by `.`.
    var tensorName: String
  }

  /// Lists the `.npy` files under `root`, sorted by relative path in byte order.
  ///
  /// - Parameter root: The directory to walk.
  /// - Returns: The files, each with its tensor name.
  /// - Throws: `WeightPackError` of kind `.fileNotFound`, `.systemCallFailed`,
  ///   `.malformedHeader` (a link leaving the directory) or `.duplicateTensorName`.
  /// - Complexity: O(entries in the tree).
  static func entries(in root: String) throws -> [Entry] {
    let realRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
    var found: [String] = []
    var pending = [""]
    while let relativeDirectory = pending.popLast() {
      let directory = relativeDirectory.isEmpty ? root : root + "/" + relativeDirectory
      for name in try contents(of: directory) where !name.hasPrefix(".") {
        let relative = relativeDirectory.isEmpty ? name : relativeDirectory + "/" + name
        switch fileType(atPath: root + "/" + relative) {
        case S_IFDIR:
          pending.append(relative)
        case S_IFREG where name.hasSuffix(".npy"):
          found.append(relative)
        case S_IFLNK where name.hasSuffix(".npy"):
          try checkLink(root + "/" + relative, staysInside: realRoot)
          found.append(relative)
        default:
          continue
        }
      }
    }
    found.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return try named(found, root: root)
  }

  /// The tensor name of a relative path: without `.npy`, `/` replaced by `.`.
  static func tensorName(forRelativePath relativePath: String) -> String {
    String(relativePath.dropLast(4)).replacingOccurrences(of: "/", with: ".")
  }

  private static func named(_ paths: [String], root: String) throws -> [Entry] {
    var seen: Set<String> = []
    return try paths.map { relativePath in
      let name = tensorName(forRelativePath: relativePath)
      guard seen.insert(name).inserted else {
        throw WeightPackError(
          .duplicateTensorName(name), path: root + "/" + relativePath,
          underlying: "another file in the directory maps to the same name")
      }
      return Entry(relativePath: relativePath, tensorName: name)
    }
  }

  /// The names in `directory`, unsorted.
  static func contents(of directory: String) throws -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      guard pathExists(directory) else { throw WeightPackError(.fileNotFound, path: directory) }
      let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
      throw WeightPackError(
        .systemCallFailed(call: "opendir", code: Int32(truncatingIfNeeded: code ?? Int(EIO))),
        path: directory)
    }
  }

  /// The type bits (`S_IFDIR`, `S_IFREG`, `S_IFLNK`, ...) of `path` itself, not following a
  /// link, or 0 if it cannot be examined.
  static func fileType(atPath path: String) -> mode_t {
    var status = stat()
    guard lstat(path, &status) == 0 else { return 0 }
    return status.st_mode & S_IFMT
  }

  private static func checkLink(_ path: String, staysInside realRoot: String) throws {
    let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    guard target.hasPrefix(realRoot + "/"), fileType(atPath: target) == S_IFREG else {
      throw WeightPackError(
        .malformedHeader(
          format: "npy-dir",
          reason: "symbolic link to '\(target)' leads outside the directory '\(realRoot)'"),
        path: path)
    }
  }
}
