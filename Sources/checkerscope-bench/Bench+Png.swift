/// Benchmark cases for the png part of checkerscope.
let pngBenchCases: [BenchCase] = []
