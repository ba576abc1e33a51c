import WeightPack

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `wpk` tool: finds the subcommand, parses its arguments, runs it, and turns errors into
/// one line on stderr and an exit status (0 success, 1 failure, 2 usage error).
@main
enum WPK {
  static let commands: [any Command.Type] = [
    InspectCommand.self, VerifyCommand.self, ConvertCommand.self, NormalizeCommand.self,
  ]

  static let abstract = "Convert, inspect, verify and normalize model-weights files."

  static let discussion = """
    WeightPack stores tensors in .wpk files: aligned, chunked, checksummed and \
    losslessly compressed, with a JSON manifest that records each tensor and the file's \
    history. wpk converts between .wpk and other formats (formats: \
    \(WeightFormat.all.map(\.name).joined(separator: ", "))).
    """

  static func main() {
    exit(run(Array(CommandLine.arguments.dropFirst())))
  }

  /// Runs one command line and returns the exit status.
  static func run(_ arguments: [String]) -> Int32 {
    let help = HelpFormatter(width: Terminal.shared.width)
    guard let name = arguments.first else {
      Terminal.shared.output(rootHelp(help))
      return 0
    }
    switch name {
    case "-h", "--help":
      Terminal.shared.output(rootHelp(help))
      return 0
    case "--version":
      Terminal.shared.output("wpk \(WeightPackVersion.string)\n")
      return 0
    case "help":
      return showHelp(Array(arguments.dropFirst()), help)
    default:
      break
    }
    guard let command = commands.first(where: { $0.spec.name == name }) else {
      return usageFailure(.unknownSubcommand(name), usage: "wpk <subcommand>", helpHint: nil)
    }
    return run(command, Array(arguments.dropFirst()), help)
  }

  private static func run(_ type: any Command.Type, _ arguments: [String], _ help: HelpFormatter)
    -> Int32
  {
    let spec = type.spec
    do {
      let parsed = try ParsedArguments(arguments, spec: spec)
      if parsed.wantsHelp {
        Terminal.shared.output(help.help(for: spec))
        return 0
      }
      let command = try type.init(parsing: parsed)
      try command.validate()
      return try command.run()
    } catch let error as UsageError {
      return usageFailure(error, usage: spec.shortUsage, helpHint: spec.name)
    } catch let error as WeightPackError {
      Terminal.shared.endProgress()
      Terminal.shared.error(error.description)
      return 1
    } catch {
      Terminal.shared.error("\(error)")
      return 1
    }
  }

  private static func showHelp(_ arguments: [String], _ help: HelpFormatter) -> Int32 {
    guard let name = arguments.first else {
      Terminal.shared.output(rootHelp(help))
      return 0
    }
    guard let command = commands.first(where: { $0.spec.name == name }) else {
      return usageFailure(.unknownSubcommand(name), usage: "wpk help <subcommand>", helpHint: nil)
    }
    Terminal.shared.output(help.help(for: command.spec))
    return 0
  }

  private static func rootHelp(_ help: HelpFormatter) -> String {
    help.rootHelp(abstract: abstract, discussion: discussion, subcommands: commands.map { $0.spec })
  }

  private static func usageFailure(_ error: UsageError, usage: String, helpHint: String?) -> Int32 {
    Terminal.shared.error(error.message)
    var text = "Usage: \(usage)\n"
    let hint = helpHint.map { "wpk \($0) --help" } ?? "wpk --help"
    text += "  See '\(hint)' for more information.\n"
    Terminal.shared.note(text.hasSuffix("\n") ? String(text.dropLast()) : text)
    return 2
  }
}
