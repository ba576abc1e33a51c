/// A positional argument of a command, as help shows it.
struct ArgumentSpec: Sendable {
  /// The name shown in angle brackets, such as `input`.
  var name: String
  /// One sentence for help.
  var help: String
  /// Whether it takes one or more values (only the last argument may).
  var isRepeating = false
}

/// An option of a command: a flag (`--force`) or an option with a value (`--level <n>`).
struct OptionSpec: Sendable {
  /// The long name without dashes, such as `chunk-size`.
  var name: String
  /// A one-letter alias, such as `q` for `--quiet`.
  var short: Character? = nil
  /// The value's name in help, such as `bytes`; `nil` for a flag.
  var valueName: String? = nil
  /// One or two sentences for help.
  var help: String
  /// The default, shown as `(default: …)`.
  var defaultValue: String? = nil
  /// The permitted values, shown as `(values: …)` and checked when parsing.
  var values: [String]? = nil

  /// Whether the option takes no value.
  var isFlag: Bool { valueName == nil }

  /// The option as help and usage spell it: `--level <n>`.
  var label: String {
    let long = "--\(name)" + (valueName.map { " <\($0)>" } ?? "")
    return short.map { "-\($0), \(long)" } ?? long
  }
}

/// Everything the parser and the help text know about a command, in one place, so they
/// cannot disagree.
struct CommandSpec: Sendable {
  /// The subcommand's name, such as `convert`.
  var name: String
  /// One sentence, shown after `OVERVIEW:` and in the subcommand list.
  var abstract: String
  /// Paragraphs shown after the overview.
  var discussion: String? = nil
  /// The positional arguments, in order.
  var arguments: [ArgumentSpec] = []
  /// The options, in help order (`--help` is added by the help formatter).
  var options: [OptionSpec] = []

  /// The short usage line of error messages: the arguments, then `[<options>]`.
  var shortUsage: String {
    let arguments = arguments.map { "<\($0.name)>" + ($0.isRepeating ? " ..." : "") }
    return (["wpk", name] + arguments + ["[<options>]"]).joined(separator: " ")
  }

  /// The usage line after `USAGE: `.
  var usage: String { usageParts.joined(separator: " ") }

  /// The usage line's parts; help wraps the line between parts, never inside one.
  var usageParts: [String] {
    var parts = ["wpk", name]
    parts += arguments.map { "<\($0.name)>" + ($0.isRepeating ? " ..." : "") }
    parts += options.map { option in
      "[--\(option.name)" + (option.valueName.map { " <\($0)>" } ?? "") + "]"
    }
    return parts
  }
}
