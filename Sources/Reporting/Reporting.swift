// The Reporting module; see Docs/ARCHITECTURE.md.
