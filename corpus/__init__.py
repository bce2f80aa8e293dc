"""Data shipped with askdocker: the bundled notes, their English glosses and the glossary."""
