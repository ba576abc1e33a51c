extension WeightFormat {
  /// GGUF, the ggml / llama.cpp format (see `GGUFSource` and `GGUFSink`).
  public static let gguf = WeightFormat(
    name: "gguf", summary: "GGUF (ggml, llama.cpp), versions 2 and 3", extensions: ["gguf"],
    openSource: { path, options in try GGUFSource(path: path, options: options) },
    createSink: { path, options in try GGUFSink(path: path, options: options) })
}
