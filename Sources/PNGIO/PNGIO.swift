// The PNGIO module; see Docs/ARCHITECTURE.md.
