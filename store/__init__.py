"""Encrypted, crash-safe storage of the students' notes (TinyDB + PyNaCl). No Textual here."""
