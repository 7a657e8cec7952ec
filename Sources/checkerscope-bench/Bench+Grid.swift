/// Benchmark cases for the grid part of checkerscope.
let gridBenchCases: [BenchCase] = []
