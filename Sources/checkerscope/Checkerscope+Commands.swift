import ArgumentParser

extension Checkerscope {
  /// Every subcommand, in the order `--help` lists them.
  static let commands: [ParsableCommand.Type] = [
    Info.self, Convert.self, Deconv.self, Overlap.self, Render.self, Grid.self, Check.self, Merge.self,
    Report.self, Detect.self, Audit.self, ProbeCommand.self, Serve.self,
  ]
}
