import Foundation
import Testing

extension Tag {
  /// Tests that take many seconds each (detection calibration, report regeneration, the large
  /// differential sweeps). They run only with `CHECKERSCOPE_SLOW_TESTS=1`; CI (`.ci/run`) sets it.
  @Tag public static var slow: Self
}

/// Whether this run includes the slow tests: with `CHECKERSCOPE_SLOW_TESTS=1` in the environment,
/// and when recording goldens (`RECORD_GOLDENS=1`), so a recording run rewrites every golden.
public enum SlowTests {
  /// The environment variable that turns the slow tests on.
  public static let variable = "CHECKERSCOPE_SLOW_TESTS"

  /// True when the environment asks for the slow tests too.
  public static var enabled: Bool {
    ProcessInfo.processInfo.environment[variable] == "1" || Golden.isRecording
  }
}

extension Trait where Self == ConditionTrait {
  /// Runs a suite or test only when `CHECKERSCOPE_SLOW_TESTS=1`; otherwise it is reported as
  /// skipped, with the way to run it. Use it together with `.tags(.slow)`.
  public static var onlyWithSlowTests: Self {
    .enabled(if: SlowTests.enabled, "slow; run it with CHECKERSCOPE_SLOW_TESTS=1 (CI does)")
  }
}
