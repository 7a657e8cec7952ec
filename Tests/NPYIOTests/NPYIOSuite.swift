// Tests for NPYIO.
