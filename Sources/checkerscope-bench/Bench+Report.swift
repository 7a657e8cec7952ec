/// Benchmark cases for the report part of checkerscope.
let reportBenchCases: [BenchCase] = []
