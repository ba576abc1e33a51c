/// A command line that does not fit a command's description.
///
/// Worded here only; the command that failed prints it with its usage line and exits with
/// status 2.
enum UsageError: Error, Equatable {
  case unknownSubcommand(String)
  case unknownOption(String)
  case missingValue(option: String)
  case flagWithValue(option: String)
  case invalidValue(option: String, value: String, reason: String)
  case missingArgument(String)
  case unexpectedArgument(String)
  case repeatedOption(String)
  case conflict(String)

  /// The message after `Error: `.
  var message: String {
    switch self {
    case .unknownSubcommand(let name): return "unknown subcommand '\(name)'"
    case .unknownOption(let option): return "unknown option '\(option)'"
    case .missingValue(let option): return "missing value for '--\(option)'"
    case .flagWithValue(let option): return "'--\(option)' takes no value"
    case .invalidValue(let option, let value, let reason):
      return "invalid value '\(value)' for '--\(option)': \(reason)"
    case .missingArgument(let name): return "missing argument <\(name)>"
    case .unexpectedArgument(let value): return "unexpected argument '\(value)'"
    case .repeatedOption(let option): return "'--\(option)' is given more than once"
    case .conflict(let detail): return detail
    }
  }
}
