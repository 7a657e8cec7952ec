// Tests for PNGIO.
