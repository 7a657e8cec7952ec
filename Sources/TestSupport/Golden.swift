import Foundation

/// The record mode of the goldens (the rendering PNGs under `Fixtures/golden/` and the committed
/// reports under `Reports/`).
///
/// With `RECORD_GOLDENS=1` in the environment, a golden test writes the actual output as the new
/// golden and still reports a failure, so a recording run never passes silently.
public enum Golden {
  /// True when the environment asks to rewrite goldens.
  public static var isRecording: Bool {
    ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"
  }
}
