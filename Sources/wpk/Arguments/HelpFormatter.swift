/// Renders help in the style of swift-argument-parser: `OVERVIEW:`, `USAGE:`, `ARGUMENTS:`,
/// `OPTIONS:` and, for `wpk` itself, `SUBCOMMANDS:`.
///
/// Items are indented by 2 and their descriptions start at column 26, wrapped to `width`.
struct HelpFormatter {
  /// The width to wrap to, in columns.
  var width = 80

  private let labelColumn = 2
  private let descriptionColumn = 26

  /// The help of one subcommand.
  func help(for spec: CommandSpec) -> String {
    var lines = ["OVERVIEW: \(spec.abstract)", ""]
    if let discussion = spec.discussion {
      lines += discussion.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
        wrap(String($0), indent: 0, first: 0)
      }
      lines.append("")
    }
    lines += wrap(words: ["USAGE:"] + spec.usageParts, indent: 7, first: 0)
    if !spec.arguments.isEmpty {
      lines += ["", "ARGUMENTS:"]
      for argument in spec.arguments {
        let label = "<\(argument.name)>" + (argument.isRepeating ? " ..." : "")
        lines += item(label, argument.help)
      }
    }
    lines += ["", "OPTIONS:"]
    for option in spec.options {
      var text = option.help
      if let values = option.values {
        text += " (values: \(values.joined(separator: ", ")))"
      }
      if let defaultValue = option.defaultValue { text += " (default: \(defaultValue))" }
      lines += item(option.label, text)
    }
    lines += item("-h, --help", "Show help information.")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The help of `wpk` itself.
  func rootHelp(abstract: String, discussion: String, subcommands: [CommandSpec]) -> String {
    var lines = ["OVERVIEW: \(abstract)", ""]
    lines += discussion.split(separator: "\n", omittingEmptySubsequences: false).flatMap {
      wrap(String($0), indent: 0, first: 0)
    }
    lines += ["", "USAGE: wpk <subcommand>", "", "OPTIONS:"]
    lines += item("--version", "Show the version.")
    lines += item("-h, --help", "Show help information.")
    lines += ["", "SUBCOMMANDS:"]
    for command in subcommands { lines += item(command.name, command.abstract) }
    lines += item("help", "Show help for a subcommand.")
    lines += ["", "  See 'wpk help <subcommand>' for detailed help."]
    return lines.joined(separator: "\n") + "\n"
  }

  private func item(_ label: String, _ text: String) -> [String] {
    let padded = String(repeating: " ", count: labelColumn) + label
    var lines = wrap(text, indent: descriptionColumn, first: descriptionColumn)
    if padded.count <= descriptionColumn - 2 {
      let gap = String(repeating: " ", count: descriptionColumn - padded.count)
      lines[0] = padded + gap + lines[0].drop { $0 == " " }
      return lines
    }
    return [padded] + lines
  }

  /// Wraps `text` at spaces; the first line starts at column `first`, the rest at `indent`.
  private func wrap(_ text: String, indent: Int, first: Int) -> [String] {
    wrap(words: text.split(separator: " ").map(String.init), indent: indent, first: first)
  }

  private func wrap(words: [String], indent: Int, first: Int) -> [String] {
    var lines: [String] = []
    var line = String(repeating: " ", count: first)
    var lineHasWord = false
    for word in words {
      if lineHasWord && line.count + 1 + word.count > width {
        lines.append(line)
        line = String(repeating: " ", count: indent)
        lineHasWord = false
      }
      line += (lineHasWord ? " " : "") + word
      lineHasWord = true
    }
    lines.append(line)
    return lines
  }
}
