// Tests for OverlapAnalysis.
