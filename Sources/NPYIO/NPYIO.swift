// The NPYIO module; see Docs/ARCHITECTURE.md.
