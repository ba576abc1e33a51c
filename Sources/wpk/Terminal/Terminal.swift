import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The CLI's only way to print.
///
/// Results go to stdout, everything else to stderr, through one writer for both so lines
/// never interleave. Progress is a single line redrawn with `\r`, and only
/// when stderr is a terminal.
final class Terminal: Sendable {
  /// How much to say on stderr besides errors.
  enum Verbosity: Sendable { case quiet, normal, verbose }

  /// The process's terminal.
  static let shared = Terminal()

  private struct State {
    var verbosity = Verbosity.normal
    var progressShown = false
  }

  private let state = Mutex(State())

  /// Whether stderr is a terminal (progress is drawn only then).
  let stderrIsTerminal = isatty(2) == 1

  /// The width to wrap help to: the terminal's, or 80 when stdout is not a terminal.
  var width: Int {
    guard isatty(1) == 1 else { return 80 }
    var size = winsize()
    guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return 80 }
    return Int(size.ws_col)
  }

  /// Sets how much is printed on stderr.
  func setVerbosity(_ verbosity: Verbosity) {
    state.withLock { $0.verbosity = verbosity }
  }

  /// The current verbosity.
  var verbosity: Verbosity { state.withLock { $0.verbosity } }

  /// Writes `text` to stdout as it is.
  func output(_ text: String) {
    state.withLock { state in
      clearProgress(&state)
      write(1, text)
    }
  }

  /// Writes `Error: message` to stderr.
  func error(_ message: String) {
    state.withLock { state in
      clearProgress(&state)
      write(2, "Error: \(message)\n")
    }
  }

  /// Writes a line to stderr unless quiet.
  func note(_ line: String) {
    state.withLock { state in
      guard state.verbosity != .quiet else { return }
      clearProgress(&state)
      write(2, line + "\n")
    }
  }

  /// Writes a line to stderr only when verbose.
  func detail(_ line: String) {
    state.withLock { state in
      guard state.verbosity == .verbose else { return }
      clearProgress(&state)
      write(2, line + "\n")
    }
  }

  /// Redraws the progress line, when stderr is a terminal and not quiet.
  func progress(_ line: String) {
    state.withLock { state in
      guard stderrIsTerminal, state.verbosity != .quiet else { return }
      write(2, "\r\u{1B}[K" + line)
      state.progressShown = true
    }
  }

  /// Removes the progress line, if one is shown.
  func endProgress() {
    state.withLock { clearProgress(&$0) }
  }

  private func clearProgress(_ state: inout State) {
    guard state.progressShown else { return }
    write(2, "\r\u{1B}[K")
    state.progressShown = false
  }

  private func write(_ descriptor: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var done = 0
    while done < bytes.count {
      let result = bytes.withUnsafeMutableBytes { buffer in
        // Safe because the pointer and count stay inside `buffer`.
        systemWrite(descriptor, buffer.baseAddress?.advanced(by: done), buffer.count - done)
      }
      if result < 0 && errno == EINTR { continue }
      guard result > 0 else { return }
      done += result
    }
  }
}

private func systemWrite(_ descriptor: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int)
  -> Int
{
  #if canImport(Glibc)
    Glibc.write(descriptor, pointer, count)
  #else
    Darwin.write(descriptor, pointer, count)
  #endif
}
