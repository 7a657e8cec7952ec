import Foundation
import Reporting
import TestSupport
import Testing

/// Spec errors name the spec file and the field's path; the committed specs parse.
@Suite struct StudySpecParsingTests {
  /// A spec with one section whose JSON is `section`.
  func spec(_ section: String, top: String = "") -> String {
    #"{"title": "T", "sections": ["# + section + "]" + top + "}"
  }

  func parseError(_ text: String, base: String = "/nonexistent") -> ReportError? {
    do {
      _ = try StudySpec.parse(text, file: "study.json", baseDirectory: base)
      return nil
    } catch {
      return error
    }
  }

  /// The field an `invalidField` or `missingFile` error names.
  func field(_ error: ReportError?) -> String? {
    switch error {
    case .invalidField(let path, let field, _)?: return path == "study.json" ? field : "wrong file \(path)"
    case .missingFile(let spec, let field, _, _)?: return spec == "study.json" ? field : "wrong file \(spec)"
    default: return nil
    }
  }

  @Test(arguments: [
    (#"{"kind": "stack", "title": "S", "layers": ["k=3,s=2"], "colour": 1}"#, "sections[0].colour"),
    (
      #"{"kind": "overlap", "title": "O", "maps": [{"layer": "k=3,s=2", "inputsize": 4}]}"#,
      "sections[0].maps[0].inputsize"
    ),
    (
      #"{"kind": "grid", "title": "G", "kernels": {"from": 1, "to": 4, "step": 2}, "strides": [2]}"#,
      "sections[0].kernels.step"
    ),
    (
      #"{"kind": "gain", "title": "K", "stride": 2, "kernels": [{"spec": "ones:3", "sead": 4}]}"#,
      "sections[0].kernels[0].sead"
    ),
  ])
  func unknownFieldsAreNamed(section: String, expected: String) {
    let error = parseError(spec(section))
    #expect(field(error) == expected)
    #expect(error?.description.hasPrefix("study.json: field '\(expected)': unknown field") == true)
  }

  @Test func figuresFieldChoosesPNGOrSVG() throws {
    let facts = #"{"kind": "facts", "title": "F"}"#
    let svg = try StudySpec.parse(
      spec(facts, top: #", "figures": "svg""#), file: "s.json", baseDirectory: ".")
    #expect(svg.figures == .svg)
    let plain = try StudySpec.parse(spec(facts), file: "s.json", baseDirectory: ".")
    #expect(plain.figures == nil)
    #expect(field(parseError(spec(facts, top: #", "figures": "pdf""#))) == "figures")
  }

  @Test func unknownTopLevelField() {
    let error = parseError(spec(#"{"kind": "facts", "title": "F"}"#, top: #", "subtitle": "x""#))
    #expect(field(error) == "subtitle")
  }

  @Test(arguments: [
    (
      #"{"kind": "stack", "title": "S", "layers": ["k=3,s=2"], "inputSize": "eight"}"#,
      "sections[0].inputSize"
    ),
    (#"{"kind": "stack", "title": "S", "layers": ["k=3,s=2"], "dims": 4}"#, "sections[0].dims"),
    (#"{"kind": "stack", "title": 7, "layers": ["k=3,s=2"]}"#, "sections[0].title"),
    (#"{"kind": "stack", "title": "S", "layers": "k=3,s=2"}"#, "sections[0].layers"),
    (#"{"kind": "stack", "title": "S", "layer": "k=3,s=0"}"#, "sections[0].layer"),
    (
      #"{"kind": "grid", "title": "G", "kernels": [1, 2], "strides": [2], "metric": "mean"}"#,
      "sections[0].metric"
    ),
    (
      #"{"kind": "gain", "title": "K", "kernels": [{"weights": [[1, 2], [3]]}]}"#,
      "sections[0].kernels[0].weights"
    ),
    (
      #"{"kind": "gain", "title": "K", "kernels": [{"spec": "ones:3", "weights": [1]}]}"#,
      "sections[0].kernels[0].spec"
    ),
    (
      #"{"kind": "remedies", "title": "R", "deconv": "k=3,s=2", "remedies": ["blur"]}"#,
      "sections[0].remedies"
    ),
    (#"{"kind": "facts", "title": "F", "facts": ["F21"]}"#, "sections[0].facts"),
    (#"{"kind": "histogram", "title": "H"}"#, "sections[0].kind"),
    (#"{"title": "no kind"}"#, "sections[0].kind"),
  ])
  func wrongTypesAndValuesAreNamed(section: String, expected: String) {
    #expect(field(parseError(spec(section))) == expected)
  }

  @Test func missingTitleAndSections() {
    #expect(field(parseError(#"{"sections": []}"#)) == "title")
    #expect(field(parseError(#"{"title": "T"}"#)) == "sections")
    #expect(field(parseError(#"{"title": "T", "sections": []}"#)) == "sections")
  }

  @Test func missingFilesNameTheSpecAndTheField() {
    let image = spec(
      #"{"kind": "image", "title": "I", "image": {"path": "no-such.png"}, "kernel": {"spec": "ones:3"}, "stride": 2}"#
    )
    let error = parseError(image)
    #expect(field(error) == "sections[0].image.path")
    #expect(
      error?.description.hasPrefix(
        "study.json: field 'sections[0].image.path': cannot read /nonexistent/no-such.png") == true)
    let npy = spec(#"{"kind": "gain", "title": "K", "kernels": [{"npy": "w.npy"}]}"#)
    #expect(field(parseError(npy)) == "sections[0].kernels[0].npy")
  }

  @Test func malformedJSONIsNotAFieldError() {
    guard case .malformedSpec(let path, _)? = parseError(#"{"title": "T", "#) else {
      Issue.record("expected malformedSpec")
      return
    }
    #expect(path == "study.json")
  }

  @Test func unreadableSpecFile() {
    #expect(
      throws: ReportError.unreadableSpec(
        path: "/nonexistent/study.json", reason: "no such file, or it cannot be read; check the path")
    ) {
      try StudySpec.read(from: "/nonexistent/study.json")
    }
  }

  @Test func committedSpecsParseAndTheExampleUsesEveryKind() throws {
    let example = try StudySpec.read(from: FixturePaths.url("studies/example-study.json").path)
    // The model kinds live in the model study, beside the models they read.
    let models = try StudySpec.read(from: FixturePaths.url("studies/model-audit.json").path)
    var kinds: Set<String> = []
    for section in example.sections + models.sections {
      switch section.content {
      case .facts: kinds.insert("facts")
      case .overlap: kinds.insert("overlap")
      case .grid: kinds.insert("grid")
      case .stack: kinds.insert("stack")
      case .gain: kinds.insert("gain")
      case .gradient: kinds.insert("gradient")
      case .remedies: kinds.insert("remedies")
      case .image: kinds.insert("image")
      case .detection: kinds.insert("detection")
      case .model: kinds.insert("model")
      case .probe: kinds.insert("probe")
      }
    }
    #expect(kinds == Set(StudySpec.sectionKinds))
    #expect(example.output == "Reports/example-study")
    let grid = try StudySpec.read(from: FixturePaths.url("studies/kernel-stride-grid.json").path)
    guard case .grid(let request) = grid.sections.first?.content else {
      Issue.record("the first section of kernel-stride-grid.json is not a grid")
      return
    }
    #expect(request.kernels == Array(1...16))
    #expect(request.strides == Array(1...8))
    #expect(request.dilations == [1, 2, 3])
  }

  @Test func perAxisValuesAndRanges() throws {
    let text = spec(
      #"{"kind": "gain", "title": "K", "inputSize": [4, 6], "stride": [2, 3], "paddingBegin": 1, "paddingEnd": [0, 2], "kernels": [{"weights": [[1, 2], [3, 4]]}]}"#
    )
    let parsed = try StudySpec.parse(text, file: "study.json", baseDirectory: ".")
    guard case .gain(let request) = parsed.sections[0].content else {
      Issue.record("not a gain section")
      return
    }
    #expect(request.inputSize == [4, 6])
    #expect(request.axes.map(\.stride) == [2, 3])
    #expect(request.axes.map(\.paddingBegin) == [1, 1])
    #expect(request.axes.map(\.paddingEnd) == [0, 2])
    #expect(request.kernels[0].origin == .weights([1, 2, 3, 4], shape: [2, 2]))
  }
}

/// Every list of objects in a spec must hold at least one element, and the error names the list.
@Suite struct StudySpecEmptyListTests {
  @Test(arguments: [
    (#"{"title": "T", "sections": []}"#, "sections", "section"),
    (
      #"{"title": "T", "sections": [{"kind": "overlap", "title": "O", "maps": []}]}"#, "sections[0].maps",
      "map"
    ),
    (
      #"{"title": "T", "sections": [{"kind": "gain", "title": "K", "stride": 2, "kernels": []}]}"#,
      "sections[0].kernels", "kernel"
    ),
    (
      #"{"title": "T", "sections": [{"kind": "detection", "title": "D", "images": []}]}"#,
      "sections[0].images",
      "image"
    ),
  ])
  func emptyListsAreRefused(text: String, field: String, noun: String) {
    do {
      _ = try StudySpec.parse(text, file: "study.json", baseDirectory: "/nonexistent")
      Issue.record("an empty '\(field)' was accepted")
    } catch {
      #expect(error.description == "study.json: field '\(field)': must hold at least one \(noun)")
    }
  }
}
