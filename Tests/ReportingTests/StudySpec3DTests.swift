import Foundation
import Reporting
import Testing

/// Study specs with three axes: map sections and gain sections with 3D kernels.
@Suite struct StudySpec3DTests {
  func parse(_ section: String) throws -> StudySpec {
    try StudySpec.parse(
      #"{"title": "T", "sections": ["# + section + "]}", file: "study.json", baseDirectory: ".")
  }

  @Test func gainSectionsReadThreeAxisWeightsAndSpecs() throws {
    let spec = try parse(
      #"{"kind": "gain", "title": "G", "dims": 3, "inputSize": [3, 4, 5], "stride": 2, "kernels": [{"weights": [[[1, 2], [3, 4]], [[5, 6], [7, 8]], [[9, 10], [11, 12]]]}, {"spec": "bilinear:4"}]}"#
    )
    guard case .gain(let request) = spec.sections[0].content else {
      Issue.record("not a gain section")
      return
    }
    #expect(request.inputSize == [3, 4, 5] && request.axes.count == 3)
    #expect(request.kernels[0].origin == .weights((1...12).map(Double.init), shape: [3, 2, 2]))
  }

  @Test func unevenDepthSlicesAreRefused() {
    #expect(throws: ReportError.self) {
      try parse(
        #"{"kind": "gain", "title": "G", "dims": 3, "stride": 2, "kernels": [{"weights": [[[1, 2], [3, 4]], [[5, 6]]]}]}"#
      )
    }
    #expect(throws: ReportError.self) {
      try parse(#"{"kind": "stack", "title": "S", "dims": 4, "layers": ["k=3,s=2"]}"#)
    }
  }

  @Test func mapSectionsTakeThreeAxes() throws {
    let spec = try parse(
      #"{"kind": "stack", "title": "S", "dims": 3, "inputSize": 3, "layers": ["k=3x2x2,s=2"]}"#)
    guard case .stack(let request) = spec.sections[0].content else {
      Issue.record("not a stack section")
      return
    }
    #expect(request.inputSize == [3, 3, 3] && request.layers[0].kernel == [3, 2, 2])
  }
}
