import Testing

@Suite struct HelpTests {
  @Test func versionPrintsTheVersion() throws {
    let result = try CLI.run(["--version"])
    #expect(result == CLIResult(status: 0, stdout: "wpk 0.1.0\n", stderr: ""))
  }

  @Test func rootHelpListsTheSubcommands() throws {
    let result = try CLI.run(["--help"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(
      result.stdout.hasPrefix(
        "OVERVIEW: Convert, inspect, verify and normalize model-weights files.\n"))
    #expect(
      result.stdout.contains(
        "\n  normalize               Normalize the columns of 2-D tensors, or restore them.\n"))
    #expect(result.stdout.contains("\nSUBCOMMANDS:\n  inspect                 Show the tensors"))
    #expect(try CLI.run([]) == result)
    #expect(try CLI.run(["help"]) == result)
  }

  @Test(arguments: ["inspect", "verify", "convert", "normalize"])
  func helpIsTheSameEveryWayItIsAsked(_ verb: String) throws {
    let viaHelp = try CLI.run(["help", verb])
    #expect(viaHelp.status == 0)
    #expect(viaHelp.stdout.hasPrefix("OVERVIEW: "))
    #expect(viaHelp.stdout.contains("\nUSAGE: wpk \(verb) "))
    #expect(viaHelp.stdout.hasSuffix("  -h, --help              Show help information.\n"))
    #expect(try CLI.run([verb, "--help"]) == viaHelp)
    #expect(try CLI.run([verb, "-h"]) == viaHelp)
    for line in viaHelp.stdout.split(separator: "\n") { #expect(line.count <= 80) }
  }

  @Test func inspectHelpIsPinned() throws {
    let expected = """
      OVERVIEW: Show the tensors, metadata and history of a weights file.

      Only headers are read (for .wpk: the preamble, trailer and manifest), so
      inspecting a file takes the same time whatever its size. Shapes are row-major,
      outermost dimension first, as in NumPy.

      USAGE: wpk inspect <file> [--json] [--from <format>]
             [--max-manifest-bytes <bytes>] [--max-chunk-bytes <bytes>]

      ARGUMENTS:
        <file>                  The file (or directory of .npy) to inspect.

      OPTIONS:
        --json                  Print one JSON object instead of a table.
        --from <format>         The input's format, when its name does not tell.
                                (values: wpk, npy, npy-dir, npz, safetensors,
                                safetensors-index, gguf, csv)
        --max-manifest-bytes <bytes>
                                Refuse a .wpk manifest, GGUF header or .npz directory
                                larger than this. (default: 64M)
        --max-chunk-bytes <bytes>
                                Refuse .wpk chunks that decode to more than this.
                                (default: 1G)
        -h, --help              Show help information.

      """
    #expect(
      try CLI.run(["inspect", "--help"]) == CLIResult(status: 0, stdout: expected, stderr: ""))
  }

  @Test func unknownSubcommandIsAUsageError() throws {
    let result = try CLI.run(["frobnicate"])
    #expect(
      result
        == CLIResult(
          status: 2, stdout: "",
          stderr: """
            Error: unknown subcommand 'frobnicate'
            Usage: wpk <subcommand>
              See 'wpk --help' for more information.

            """))
  }

  @Test func unknownOptionIsAUsageError() throws {
    let result = try CLI.run(["inspect", "x.wpk", "--bogus"])
    #expect(
      result
        == CLIResult(
          status: 2, stdout: "",
          stderr: """
            Error: unknown option '--bogus'
            Usage: wpk inspect <file> [<options>]
              See 'wpk inspect --help' for more information.

            """))
  }

  @Test func usageErrorsAreReported() throws {
    let cases: [([String], String)] = [
      (["convert", "a.npy"], "Error: missing argument <output>"),
      (["convert", "a", "b", "c"], "Error: unexpected argument 'c'"),
      (["convert", "a", "b", "--level"], "Error: missing value for '--level'"),
      (
        ["convert", "a", "b", "--level", "12"],
        "Error: invalid value '12' for '--level': must be 1 to 9"
      ),
      (
        ["convert", "a", "b", "--compress", "lz4"],
        "Error: invalid value 'lz4' for '--compress': expected one of zlib, none"
      ),
      (["convert", "a", "b", "--force=yes"], "Error: '--force' takes no value"),
      (
        ["convert", "a", "b", "--compress", "none", "--level", "3"],
        "Error: '--level' has no effect with '--compress none'"
      ),
      (
        ["convert", "a", "b", "--chunk-size", "12"],
        "Error: invalid value '12' for '--chunk-size': must be 64 to 1073741824"
      ),
      (["verify"], "Error: missing argument <file>"),
    ]
    for (arguments, firstLine) in cases {
      let result = try CLI.run(arguments)
      #expect(result.status == 2, "\(arguments)")
      #expect(result.stdout == "")
      #expect(result.stderr.split(separator: "\n").first.map(String.init) == firstLine)
    }
  }
}
