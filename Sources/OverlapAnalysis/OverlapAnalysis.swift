// The OverlapAnalysis module; see Docs/ARCHITECTURE.md.
