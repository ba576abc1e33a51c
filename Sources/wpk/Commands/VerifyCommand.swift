import WeightPack

/// `wpk verify`: checks the structure and every checksum of one or more files.
struct VerifyCommand: Command {
  static let spec = CommandSpec(
    name: "verify",
    abstract: "Check the structure and every checksum of weights files.",
    discussion: """
      For .wpk files this decodes every chunk and checks its length and CRC-32, checks that \
      the padding between chunks is zero, and checks the manifest's checksum. Each problem \
      is printed on stderr; the check goes on with the next chunk and the next file.

      Exit status: 0 when every file is sound, 1 when any problem was found, 2 for a usage \
      error.
      """,
    arguments: [
      ArgumentSpec(name: "file", help: "The files to check.", isRepeating: true)
    ],
    options: ReadingOptions.specs + VerbosityOptions.specs)

  var paths: [String]
  var reading: ReadingOptions

  init(parsing arguments: ParsedArguments) throws {
    paths = arguments.positionals
    reading = try ReadingOptions(arguments)
    VerbosityOptions.apply(arguments)
  }

  func run() throws -> Int32 {
    var status: Int32 = 0
    for path in paths {
      do {
        let source = try reading.open(path)
        let report = source.verify { event in
          Terminal.shared.progress(
            "verifying \(path): \(event.tensorIndex + 1)/\(event.tensorCount) tensors")
          Terminal.shared.detail("  checked \(event.tensorName)")
        }
        Terminal.shared.endProgress()
        if report.isSound {
          Terminal.shared.output(
            "\(path): OK (\(Formatting.count(report.tensorCount, "tensor")), "
              + "\(Formatting.count(report.chunkCount, "chunk")), "
              + "\(Formatting.count(Int(report.byteCount), "byte")) checked)\n")
        } else {
          for problem in report.problems { Terminal.shared.error(problem.description) }
          status = 1
        }
      } catch let error as WeightPackError {
        Terminal.shared.error(error.adding(path: path).description)
        status = 1
      }
    }
    return status
  }
}
